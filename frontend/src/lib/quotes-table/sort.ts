// Sorting the quote rows (table and cards alike) by any column; `null` keeps the list's own order.
// In the URL a sort reads `<column>-<asc|desc>` (`?sort=percent-desc`).
import type { QuoteRow } from './rows.ts';

const STATE_ORDER = { REGULAR: 0, PRE: 1, POST: 2, CLOSED: 3 } as const;

/** What each sortable column compares. */
const KEYS = {
  symbol: (r: QuoteRow) => r.symbol,
  name: (r: QuoteRow) => r.name?.toLowerCase() ?? null,
  last: (r: QuoteRow) => r.price,
  change: (r: QuoteRow) => r.change,
  percent: (r: QuoteRow) => r.percent,
  day: (r: QuoteRow) => position(r.dayLow, r.dayHigh, r.price),
  year: (r: QuoteRow) => position(r.yearLow, r.yearHigh, r.price),
  volume: (r: QuoteRow) => r.volumeRatio ?? r.volume,
  state: (r: QuoteRow) => (r.marketState ? STATE_ORDER[r.marketState] : null),
  age: (r: QuoteRow) => r.ageSeconds,
  trend: (r: QuoteRow) => r.trend,
} satisfies Record<string, (r: QuoteRow) => number | string | null>;

function position(low: number | null, high: number | null, value: number | null): number | null {
  if (low === null || high === null || value === null || high <= low) return null;
  return (value - low) / (high - low);
}

export type SortKey = keyof typeof KEYS;
export const SORT_KEYS = Object.keys(KEYS) as SortKey[];
export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

export function parseSort(raw: string | null): Sort | null {
  const m = raw?.match(/^([a-z]+)-(asc|desc)$/);
  if (!m) return null;
  const key = SORT_KEYS.find((k) => k === m[1]);
  return key ? { key, dir: m[2] as SortDir } : null;
}

export function formatSort(sort: Sort | null): string | null {
  return sort ? `${sort.key}-${sort.dir}` : null;
}

/** A header click: first descending for numbers (biggest first), ascending for text; again flips; a third time back to list order. */
export function nextSort(current: Sort | null, key: SortKey): Sort | null {
  const first: SortDir = key === 'symbol' || key === 'name' || key === 'state' ? 'asc' : 'desc';
  if (!current || current.key !== key) return { key, dir: first };
  if (current.dir === first) return { key, dir: first === 'asc' ? 'desc' : 'asc' };
  return null;
}

/** Stable: equal values keep list order; rows without a value go last in either direction. */
export function sortRows(rows: readonly QuoteRow[], sort: Sort | null): QuoteRow[] {
  const out = [...rows];
  if (!sort) return out.sort((a, b) => a.index - b.index);
  const valueOf = KEYS[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return out.sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === null || vb === null) return va === vb ? a.index - b.index : va === null ? 1 : -1;
    const cmp = typeof va === 'string' || typeof vb === 'string' ? String(va).localeCompare(String(vb)) : va - vb;
    return sign * cmp || a.index - b.index;
  });
}
