// Daily history for the bench: five years of weekday bars per loaded symbol, ending the trading day
// before the newest 1-minute day (so a read also builds that day from 1m candles, as it does live),
// and each symbol's exchange clock (New York), through the store as the daily sync writes them.
import type { DailyBar, Store } from '../../backend/src/store/types.ts';
import type { Dataset } from './load.ts';

export const DAILY_YEARS = 5;

export async function loadDaily(store: Store, ds: Dataset, symbols: readonly string[]): Promise<{ rows: number; seconds: number }> {
  const t0 = performance.now();
  const end = Date.parse(`${ds.days.at(-2) ?? ds.days[0]}T00:00:00Z`) / 1000;
  const start = end - DAILY_YEARS * 365 * 86_400;
  let rows = 0;
  for (const [i, symbol] of symbols.entries()) {
    const bars: DailyBar[] = [];
    for (let t = start; t <= end; t += 86_400) {
      if ([0, 6].includes(new Date(t * 1000).getUTCDay())) continue;
      const close = 50 + i + ((bars.length * 7) % 40) / 4;
      bars.push({ symbol, day: new Date(t * 1000).toISOString().slice(0, 10), open: close - 0.5, high: close + 1, low: close - 1, close, adjclose: close * 0.98, volume: 1_000_000 });
    }
    await store.dailyBars.upsertMany(bars);
    await store.dailyBars.recordSync(symbol, { syncedAt: end, timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: bars[0]!.day });
    rows += bars.length;
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };
}
