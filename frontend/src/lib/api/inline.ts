// API answers the server put in the page response (hooks.server.ts: the symbol page's first history
// window, the watchlist page's quotes and lists), as a JSON data block the browser never executes.
// The page's first reads go through a fetch that answers those URLs from the block once, so the
// same parsing applies and no request goes out; later reads (navigations, reloads) fetch as usual.
import type { Fetch } from './send.ts';

/** the id of the data block in the page */
export const INLINE_ID = 'tickstream-inline';

/**
 * The data block for these answers (URL → the JSON text of its body, as the server read it: each is
 * serialized once, for the in-process read and the block); `<` is escaped so no text can end the element.
 */
export function inlineBlock(answers: Readonly<Record<string, string>>): string {
  const entries = Object.entries(answers).map(([url, text]) => `${JSON.stringify(url)}:${text}`);
  const json = `{${entries.join(',')}}`.replace(/</g, '\\u003c');
  return `<script type="application/json" id="${INLINE_ID}">${json}</script>`;
}

/** A fetch that answers each URL of the block (its text; null: none) once, and fetches the rest. */
export function inlinedFetch(fetchFn: Fetch, blockText: string | null): Fetch {
  return answering(fetchFn, answersOf(blockText));
}

let pageAnswers: Record<string, unknown> | undefined;

/**
 * The same over this page's own block, taken out of the page at the first call: the page's first
 * reads (the layout's quotes and watchlists, the symbol page's history) all answer from it, each URL once.
 */
export function pageFetch(fetchFn: Fetch): Fetch {
  pageAnswers ??= answersOf(takeInlineBlock());
  return answering(fetchFn, pageAnswers);
}

function answersOf(blockText: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = blockText ? JSON.parse(blockText) : {};
    if (parsed && typeof parsed === 'object') return { ...(parsed as Record<string, unknown>) };
  } catch {
    // a damaged block: everything is fetched
  }
  return {};
}

function answering(fetchFn: Fetch, answers: Record<string, unknown>): Fetch {
  return (input, init) => {
    if (!(input in answers) || (init?.method ?? 'GET') !== 'GET') return fetchFn(input, init);
    const body = answers[input];
    delete answers[input];
    return Promise.resolve(Response.json(body));
  };
}

/** The block's text, taken out of the page so only the first load uses it (null outside a browser or when absent). */
export function takeInlineBlock(): string | null {
  const el = globalThis.document?.getElementById(INLINE_ID);
  if (!el) return null;
  el.remove();
  return el.textContent;
}
