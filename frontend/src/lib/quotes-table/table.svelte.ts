// The watchlist's rows (for the table and the cards): each symbol's figures, sorted as the URL
// says, plus the keyboard cursor that `j`/`k` move and Enter opens.
import type { Tick } from '@tickstream/shared';
import { isShortcut, type KeyLike } from '../keys.ts';
import type { SparkPoint } from '../watchlist/sparkline.ts';
import { rowOf, type QuoteRow } from './rows.ts';
import { sortRows, type Sort } from './sort.ts';

export interface QuoteTableSource {
  symbols(): readonly string[];
  tickOf(symbol: string): Tick | undefined;
  pointsOf(symbol: string): readonly SparkPoint[];
  nowSeconds(): number;
  sort(): Sort | null;
}

function isControl(target: EventTarget | null): boolean {
  const tag = (target as { tagName?: string } | null)?.tagName;
  return tag === 'A' || tag === 'BUTTON' || tag === 'SUMMARY';
}

export class QuoteTable {
  /** the symbol under the keyboard cursor: kept by symbol, so a re-sort does not move it to another row */
  cursor = $state<string | null>(null);
  #source: QuoteTableSource;

  constructor(source: QuoteTableSource) {
    this.#source = source;
  }

  rows: QuoteRow[] = $derived.by(() => {
    const s = this.#source;
    const now = s.nowSeconds();
    const rows = s.symbols().map((symbol, i) => rowOf(symbol, i, s.tickOf(symbol), now, s.pointsOf(symbol)));
    return sortRows(rows, s.sort());
  });

  get cursorIndex(): number {
    return this.rows.findIndex((r) => r.symbol === this.cursor);
  }

  /** Moves the cursor by `delta` rows, clamped; from nowhere it starts at the first (down) or last (up) row. */
  move(delta: number): void {
    const n = this.rows.length;
    if (n === 0) return;
    const at = this.cursorIndex;
    const next = at < 0 ? (delta > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, at + delta));
    this.cursor = this.rows[next]!.symbol;
  }

  /** `j`/`k` move; Enter answers the symbol to open. Returns whether the key was used, and what to open. */
  key(event: KeyLike): { handled: boolean; open: string | null } {
    if (isShortcut(event, 'j')) {
      this.move(1);
      return { handled: true, open: null };
    }
    if (isShortcut(event, 'k')) {
      this.move(-1);
      return { handled: true, open: null };
    }
    // Enter on a link or button keeps its own meaning; on a row (or nowhere) it opens the cursor's symbol.
    if (this.cursor !== null && isShortcut(event, 'Enter') && !isControl(event.target)) {
      return { handled: true, open: this.cursor };
    }
    return { handled: false, open: null };
  }
}
