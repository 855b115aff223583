// Allocation by symbol (lots of one symbol merged) within one currency, and the donut geometry.
import { parseDecimal, percentOf, type ValuedHolding } from '@tickstream/shared';

export interface Slice {
  symbol: string;
  /** exact share of the currency's market value, percent with 2 decimals */
  percent: string;
  /** fraction 0..1 for drawing only */
  fraction: number;
}

export function allocation(holdings: readonly ValuedHolding[], currency: string): Slice[] {
  const bySymbol = new Map<string, bigint>();
  let total = 0n;
  for (const h of holdings) {
    if (h.currency !== currency || h.marketValue === null) continue;
    const v = parseDecimal(h.marketValue);
    if (v === null || v <= 0n) continue;
    bySymbol.set(h.symbol, (bySymbol.get(h.symbol) ?? 0n) + v);
    total += v;
  }
  return [...bySymbol.entries()]
    .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])))
    .map(([symbol, v]) => {
      const percent = percentOf(v, total) ?? '0.00';
      return { symbol, percent, fraction: Number(percent) / 100 };
    });
}

export interface Arc {
  symbol: string;
  /** SVG path of the ring segment, centred on (0, 0) */
  d: string;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function point(radius: number, angle: number): string {
  return `${round(radius * Math.sin(angle))} ${round(-radius * Math.cos(angle))}`;
}

/** Ring segments clockwise from 12 o'clock. A lone 100 % slice is drawn as two halves (SVG arcs cannot close on themselves). */
export function donutArcs(slices: readonly Slice[], outer: number, inner: number): Arc[] {
  const arcs: Arc[] = [];
  let start = 0;
  const total = slices.reduce((sum, s) => sum + s.fraction, 0) || 1;
  for (const s of slices) {
    const sweep = (s.fraction / total) * 2 * Math.PI;
    if (sweep <= 0) continue;
    const parts = sweep >= 2 * Math.PI - 1e-9 ? [[start, start + Math.PI], [start + Math.PI, start + 2 * Math.PI]] : [[start, start + sweep]];
    const d = parts
      .map(([a, b]) => {
        const large = b! - a! > Math.PI ? 1 : 0;
        return `M ${point(outer, a!)} A ${outer} ${outer} 0 ${large} 1 ${point(outer, b!)} L ${point(inner, b!)} A ${inner} ${inner} 0 ${large} 0 ${point(inner, a!)} Z`;
      })
      .join(' ');
    arcs.push({ symbol: s.symbol, d });
    start += sweep;
  }
  return arcs;
}

/** A stable colour per position (the palette repeats past its length). */
export const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];
