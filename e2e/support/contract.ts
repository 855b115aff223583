// The browser tests' contract hook: every answer a page gets from /api/* or /metrics is checked
// against /api/openapi.json by the same hook the integration tests use (backend/test/support/
// contract.ts): a documented status for the route, a documented media type, a JSON body its schema
// accepts. newContext (browser.ts) watches every context it makes; each suite ends every test by
// expecting takeContractViolations() to be empty, so an undocumented answer fails the test it
// happened in. A test's own requests go through contractFetch, which checks them the same way.
import type { BrowserContext, Response as PageResponse } from 'playwright-core';
import { createContract } from '../../backend/test/support/contract.ts';

const contract = createContract();
const found: string[] = [];
const pending = new Set<Promise<void>>();
let answersChecked = 0;

const checked = (pathname: string) => pathname === '/metrics' || pathname === '/api' || pathname.startsWith('/api/');

/** What is wrong with one answer the browser received, by the OpenAPI document. */
export async function answerViolations(res: PageResponse): Promise<string[]> {
  const url = new URL(res.url());
  if (!checked(url.pathname)) return [];
  answersChecked++;
  const contentType = res.headers()['content-type'] ?? '';
  let body: string | undefined;
  // an event stream never ends; a body can be gone when the page navigated away before it arrived
  if (!contentType.startsWith('text/event-stream')) body = await res.text().catch(() => undefined);
  return contract.violations({ method: res.request().method(), path: url.pathname + url.search, status: res.status(), contentType, body });
}

function pageOf(res: PageResponse): string {
  try {
    return res.frame().url();
  } catch {
    return 'unknown';
  }
}

export function watchContract(context: BrowserContext): void {
  context.on('response', (res) => {
    const check: Promise<void> = answerViolations(res)
      .then((v) => void found.push(...v.map((msg) => `${msg} (page ${pageOf(res)})`)))
      .catch((err: unknown) => void found.push(`${res.url()}: could not be checked: ${String(err)}`))
      .finally(() => pending.delete(check));
    pending.add(check);
  });
}

/** fetch for a test's own calls to the server: throws when an /api or /metrics answer is not as documented. */
export async function contractFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  const { pathname, search } = new URL(url);
  const contentType = res.headers.get('content-type') ?? '';
  const body = contentType.startsWith('text/event-stream') ? undefined : await res.clone().text();
  contract.check({ method: init.method ?? 'GET', path: pathname + search, status: res.status, contentType, body });
  return res;
}

/** How many /api and /metrics answers were checked so far (a suite can show the hook was not idle). */
export function contractAnswersChecked(): number {
  return answersChecked;
}

/** The violations seen since the last call (waiting for the checks still running), then forgets them. */
export async function takeContractViolations(): Promise<string[]> {
  await Promise.allSettled([...pending]);
  return found.splice(0);
}
