// One quote, two parts on the wire: the live part rides on every `tick` message, the info part
// (QuoteInfo) only in snapshots and in an `info` message when it changes. These functions are the
// one place that knows which field belongs where, for the server (splitting) and the browser (merging).
import type { LiveTick, QuoteInfo, Tick } from './market.ts';

const LIVE_KEYS = ['symbol', 'time', 'price', 'change', 'changePercent', 'dayHigh', 'dayLow', 'dayVolume', 'marketState'] as const;
const INFO_KEYS = [
  'symbol',
  'previousClose',
  'currency',
  'source',
  'name',
  'exchange',
  'timezone',
  'open',
  'fiftyTwoWeekHigh',
  'fiftyTwoWeekLow',
  'averageDailyVolume3Month',
  'preMarketPrice',
  'preMarketChange',
  'preMarketChangePercent',
  'preMarketTime',
  'postMarketPrice',
  'postMarketChange',
  'postMarketChangePercent',
  'postMarketTime',
] as const satisfies readonly (keyof QuoteInfo)[];

// Every field of a quote is in exactly one part (besides the symbol): checked by the compiler.
type Missing = Exclude<keyof Tick, (typeof LIVE_KEYS)[number] | (typeof INFO_KEYS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
}

/** The part of a quote that the per-tick message carries. */
export function liveTickOf(tick: LiveTick): LiveTick {
  return pick(tick, LIVE_KEYS);
}

const REQUIRED_INFO = new Set<string>(['symbol', 'previousClose', 'currency', 'source']);

/** The part of a quote that changes only between sessions or outside regular hours; optional fields that are null are left out. */
export function quoteInfoOf(tick: QuoteInfo): QuoteInfo {
  const info = pick(tick, INFO_KEYS) as Record<string, unknown>;
  for (const k of Object.keys(info)) if (info[k] === null && !REQUIRED_INFO.has(k)) delete info[k];
  return info as QuoteInfo;
}

/** true when two infos say the same (absent and null count as the same). */
export function sameQuoteInfo(a: QuoteInfo, b: QuoteInfo): boolean {
  return INFO_KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/** Info for a symbol nothing is known about yet (a tick that arrived before any info). */
export function emptyQuoteInfo(symbol: string): QuoteInfo {
  return { symbol, previousClose: null, currency: null, source: '' };
}

/** A complete quote from its live part and the symbol's latest info. */
export function withQuoteInfo(live: LiveTick, info: QuoteInfo | undefined): Tick {
  return { ...(info ?? emptyQuoteInfo(live.symbol)), ...liveTickOf(live) };
}
