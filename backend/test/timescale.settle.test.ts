// A symbol followed later gets weeks of 1m history backfilled below the aggregates' watermark, which
// the refreshes for the symbols followed before have already moved past those weeks. TimescaleDB's
// real-time aggregates (as shipped) hide such bars until the next policy run; settling the written
// span shows them at once. The background scheduler is stopped, so only the test refreshes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandleInterval } from '../src/store/types.ts';
import { TEST_TIMESCALE_URL } from './support/services.ts';
import { openTimescaleTestDb, refreshAll, type TimescaleTestDb } from './support/timescale.ts';
import { MONDAY_OPEN, sessionBars } from './store-conformance.ts';

const suite = TEST_TIMESCALE_URL ? describe : describe.skip;

const WIDTHS: Record<Exclude<CandleInterval, '1m'>, string> = { '5m': '5 minutes', '15m': '15 minutes', '1h': '1 hour', '1d': '1 day' };
const INTERVALS = Object.keys(WIDTHS) as (keyof typeof WIDTHS)[];
const EARLIER = sessionBars('EARLY', MONDAY_OPEN, 3, 390, 1);
const LATER = sessionBars('LATER', MONDAY_OPEN, 3, 390, 2);
const WINDOW = { from: MONDAY_OPEN - 86_400, to: MONDAY_OPEN + 5 * 86_400, limit: 5000 };

suite('TimescaleDB server: history written below the aggregates’ watermark', () => {
  let db: TimescaleTestDb;
  const history = (symbol: string, interval: CandleInterval) => db.store.candles.history({ symbol, interval, ...WINDOW });

  beforeAll(async () => {
    db = await openTimescaleTestDb();
    await db.store.candles.upsertMany(EARLIER);
    await refreshAll(db); // the policies ran: the watermark now lies past these three sessions
  });
  afterAll(async () => {
    await db?.close();
  });

  it('is hidden from every aggregate until settled, then equals a date_bin roll-up', async () => {
    await db.store.candles.upsertMany(LATER);
    for (const interval of INTERVALS) expect(await history('LATER', interval), `${interval} before settling`).toEqual([]);

    await db.store.candles.settle({ from: LATER[0]!.time, to: LATER.at(-1)!.time });
    for (const symbol of ['LATER', 'EARLY']) {
      for (const interval of INTERVALS) expect(await history(symbol, interval), `${symbol} ${interval}`).toEqual(await db.rollup(symbol, WIDTHS[interval]));
    }
  });

  it('settles a revised bar inside a materialized bucket too', async () => {
    const original = LATER[100]!;
    const revised = { ...original, high: original.high + 40, volume: original.volume + 900 };
    await db.store.candles.upsertMany([revised]);
    await db.store.candles.settle({ from: revised.time, to: revised.time });
    const hour = original.time - (original.time % 3600);
    expect((await history('LATER', '1h')).find((c) => c.time === hour)).toMatchObject({ high: revised.high });
    expect(await history('LATER', '1d')).toEqual(await db.rollup('LATER', '1 day'));
  });
});
