// Rebuilds messages that fell out of the replay buffer from the store, at their original offsets.
// Exact or nothing: if any missed tick or bar cannot be found, the caller reports recovered=false.
import { liveTickOf, type PublishedMessage, type SymbolCandle, type Tick } from '@tickstream/shared';
import type { Store } from '../../store/types.ts';
import { toEntry, type Entry } from './entry.ts';
import type { Position } from './position-index.ts';

// Bars or ticks the store may hold beyond the missed ones inside the queried time range.
const SLACK = 16;

export async function loadFromStore(store: Store, positions: readonly Position[]): Promise<Entry[] | null> {
  const bySymbol = new Map<string, { ticks: Position[]; bars: Map<number, Position> }>();
  for (const p of positions) {
    let s = bySymbol.get(p.symbol);
    if (!s) bySymbol.set(p.symbol, (s = { ticks: [], bars: new Map() }));
    // A bar revised several times is sent once, at its last revision's offset, with the stored value.
    if (p.type === 'tick') s.ticks.push(p);
    else s.bars.set(p.time, p);
  }
  const parts = await Promise.all(
    [...bySymbol].map(async ([symbol, { ticks, bars }]) => {
      const [tickRows, barRows] = await Promise.all([ticks.length ? loadTicks(store, symbol, ticks) : [], bars.size ? loadBars(store, symbol, bars) : []]);
      const tickAt = new Map(tickRows.map((t) => [t.time, t]));
      const barAt = new Map(barRows.map((c) => [c.time, c]));
      const messages: PublishedMessage[] = [];
      for (const p of ticks) {
        const tick = tickAt.get(p.time);
        if (!tick) return null;
        messages.push({ type: 'tick', offset: p.offset, tick: liveTickOf(tick) });
      }
      for (const p of bars.values()) {
        const candle = barAt.get(p.time);
        if (!candle) return null;
        messages.push({ type: 'candle', offset: p.offset, candle });
      }
      return messages;
    }),
  );
  if (parts.some((p) => p === null)) return null;
  return (parts as PublishedMessage[][])
    .flat()
    .sort((a, b) => a.offset - b.offset)
    .map(toEntry);
}

async function loadTicks(store: Store, symbol: string, wanted: Position[]): Promise<Tick[]> {
  const from = wanted.reduce((min, p) => Math.min(min, p.time), Number.POSITIVE_INFINITY);
  return store.ticks.since([symbol], from - 1, wanted.length + SLACK);
}

async function loadBars(store: Store, symbol: string, wanted: Map<number, Position>): Promise<SymbolCandle[]> {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const time of wanted.keys()) {
    from = Math.min(from, time);
    to = Math.max(to, time);
  }
  const candles = await store.candles.history({ symbol, interval: '1m', from, to, limit: Math.floor((to - from) / 60) + 1 + SLACK });
  return candles.map((c) => ({ ...c, symbol }));
}
