// The watchlist page takes over the cards the server put in the shell (static-watchlist.ts). Until
// then app.css hides the app behind them: its first render has no prices yet (the quotes and the
// lists it reads from the shell's data arrive a few tasks later), so swapping at once would flash
// empty cards. The page removes the outline once its own cards show every price the outline
// showed (or at once when its lists fail to load), in the same update, so no frame shows empty
// cards; and after HOLD_CAP_MS whatever happens, so an app whose quotes never come, or that shows
// no watchlist page at all (an error page), is never hidden for long.
import { STATIC_WATCHLIST } from './static-watchlist.ts';

export const HOLD_CAP_MS = 3_000;

export interface StaticWatchlist {
  /** the symbols the outline shows a price for */
  readonly priced: ReadonlySet<string>;
  /** removes the outline (and shows the app); later calls do nothing */
  release(): void;
}

const holds = new WeakMap<Element, StaticWatchlist>();

/**
 * The shell's drawn watchlist, held on screen, or null (none, or already released: only the first
 * page gets it). The layout holds it first, so the cap runs even when no watchlist page mounts to
 * take it over (an error page); the page's own call gets the same hold.
 */
export function holdStaticWatchlist(capMs = HOLD_CAP_MS): StaticWatchlist | null {
  const outline = globalThis.document?.querySelector(`[${STATIC_WATCHLIST}]`);
  if (!outline) return null;
  const known = holds.get(outline);
  if (known) return known;
  const priced = new Set<string>();
  for (const el of outline.querySelectorAll<HTMLElement>('[data-symbol]')) {
    if (el.querySelector('[data-price]') && el.dataset.symbol) priced.add(el.dataset.symbol);
  }
  const release = () => {
    clearTimeout(timer);
    outline.remove();
  };
  const timer = setTimeout(release, capMs);
  const held = { priced, release };
  holds.set(outline, held);
  return held;
}

/**
 * Whether the page can take over: its lists have loaded and each of its symbols that the outline
 * priced has a quote (a symbol the outline had none for shows "waiting" in both).
 */
export function readyToTakeOver(held: StaticWatchlist, lists: { loaded: boolean; failed: boolean }, symbols: readonly string[], hasQuote: (symbol: string) => boolean): boolean {
  if (lists.failed) return true;
  return lists.loaded && symbols.every((s) => !held.priced.has(s) || hasQuote(s));
}
