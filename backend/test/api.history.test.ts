import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import type { DailyBar, Store } from '../src/store/types.ts';
import { openPostgresStore } from '../src/store/index.ts';
import { openMemoryStore } from './support/memory-store.ts';
import { sessionBars } from './store-conformance.ts';
import { startApp, type Running } from './api-harness.ts';
import { TEST_DATABASE_URL, TEST_TIMESCALE_URL, createTestDatabase } from './support/services.ts';
import { stopBackgroundJobs } from './support/timescale.ts';

// Friday 2024-05-10, regular session 13:30-20:00 UTC: 390 one-minute bars of AAPL.
const FRIDAY_OPEN = Date.UTC(2024, 4, 10, 13, 30) / 1000;
const FRIDAY_LAST_BAR = FRIDAY_OPEN + 389 * 60;
const at = (iso: string) => Date.parse(iso);

/** Where the history is read from: PGlite, and the servers (date_bin on PostgreSQL, continuous
 * aggregates on TimescaleDB). Each server suite gets a fresh database. On TimescaleDB its background
 * jobs are stopped: a refresh policy run between two of the set-up's writes would leave the second
 * symbol's bars below the watermark, out of the aggregates until the next run (store/settle.ts). */
function serverBackend(name: string, server: string | undefined) {
  let drop: (() => Promise<void>) | undefined;
  return {
    name,
    available: server !== undefined,
    open: async () => {
      const db = await createTestDatabase(server);
      drop = db.drop;
      const store = await openPostgresStore(db.url);
      if (store.timescale) await stopBackgroundJobs(db.url);
      return store;
    },
    drop: () => drop?.(),
  };
}
const BACKENDS = [
  { name: 'PGlite', available: true, open: () => openMemoryStore(), drop: undefined },
  serverBackend('PostgreSQL server', TEST_DATABASE_URL),
  serverBackend('TimescaleDB server', TEST_TIMESCALE_URL),
];

/** LONG: daily bars of every weekday from 2014-05-01 to Thursday 2024-05-09 (Friday is in 1m candles); a 0.5 dividend on 2024-02-09. */
const LONG_DAYS: DailyBar[] = [];
for (let t = Date.UTC(2014, 4, 1) / 1000; t <= Date.UTC(2024, 4, 9) / 1000; t += 86_400) {
  if ([0, 6].includes(new Date(t * 1000).getUTCDay())) continue;
  const close = 50 + (LONG_DAYS.length % 100);
  const day = new Date(t * 1000).toISOString().slice(0, 10);
  LONG_DAYS.push({ symbol: 'LONG', day, open: close, high: close + 1, low: close - 1, close, adjclose: day < '2024-02-09' ? close * 0.99 : close, volume: 1000 });
}

const candlesOf = (body: Record<string, unknown>) => body.candles as Candle[];
const times = (body: Record<string, unknown>) => candlesOf(body).map((c) => c.time);

function expectAscendingUnique(body: Record<string, unknown>) {
  const t = times(body);
  expect(t.every((x, i) => Number.isInteger(x) && (i === 0 || x > t[i - 1]!))).toBe(true);
}

describe.each(BACKENDS)('GET /api/history on $name', (backend) => {
  if (!backend.available) {
    it.skip('needs its server URL');
    return;
  }
  let store: Store;
  let clock = at('2024-05-10T15:00:30Z');
  let api: Running;
  let capped: Running;

  beforeAll(async () => {
    store = await backend.open();
    await store.candles.upsertMany(sessionBars('AAPL', FRIDAY_OPEN, 1, 390));
    await store.candles.upsertMany(sessionBars('LONG', FRIDAY_OPEN, 1, 390, 7));
    await store.dailyBars.upsertMany(LONG_DAYS);
    await store.dailyBars.recordSync('LONG', { syncedAt: FRIDAY_OPEN, timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: '2014-05-01' });
    // HOL: a market closed on Wednesday 8 May (a holiday), nothing yet on Friday
    await store.dailyBars.upsertMany(LONG_DAYS.filter((d) => d.day >= '2024-04-29' && d.day !== '2024-05-08').map((d) => ({ ...d, symbol: 'HOL' })));
    await store.dailyBars.recordSync('HOL', { syncedAt: FRIDAY_OPEN, timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: '2024-04-29' });
    api = await startApp(store, { now: () => clock });
    capped = await startApp(store, { now: () => clock, env: { HISTORY_MAX_ROWS: '10' } });
  });
  afterAll(async () => {
    await api?.close();
    await capped?.close();
    await store?.close();
    await backend.drop?.();
  });

  it('serves the last hour of 1m candles by default, ascending, in unix seconds', async () => {
    clock = at('2024-05-10T15:00:30Z');
    const { status, body } = await api.get('/api/history?symbol=AAPL');
    expect(status).toBe(200);
    expect(body).toMatchObject({ symbol: 'AAPL', interval: '1m' });
    expect(times(body)).toEqual(Array.from({ length: 60 }, (_, i) => at('2024-05-10T14:01:00Z') / 1000 + i * 60));
    expect(Object.keys(candlesOf(body)[0]!).sort()).toEqual(['close', 'high', 'low', 'open', 'time', 'volume']);
  });

  it('widens to the last trading session when the market is closed', async () => {
    clock = at('2024-05-11T12:00:00Z'); // Saturday
    const { status, body } = await api.get('/api/history?symbol=aapl&interval=1m');
    expect(status).toBe(200);
    expect(body.symbol).toBe('AAPL');
    expect(times(body)).toHaveLength(390);
    expect(times(body)[0]).toBe(FRIDAY_OPEN);
    expect(times(body).at(-1)).toBe(FRIDAY_LAST_BAR);
    expectAscendingUnique(body);
  });

  it('widens bigger intervals too: Sunday still shows Friday in 5m candles', async () => {
    clock = at('2024-05-12T18:00:00Z');
    const { body } = await api.get('/api/history?symbol=AAPL&interval=5m');
    expect(times(body)).toHaveLength(78);
    expect(times(body)[0]).toBe(FRIDAY_OPEN);
  });

  it('returns an empty list for a well-formed symbol without data (its first view starts its backfill)', async () => {
    const { status, body } = await api.get('/api/history?symbol=ZZZZ');
    expect(status).toBe(200);
    expect(body).toMatchObject({ symbol: 'ZZZZ', interval: '1m', candles: [], backfilling: true });
    expect(body).not.toHaveProperty('adjusted');
  });

  it('accepts from/to as ISO 8601 or unix seconds, both inclusive', async () => {
    const iso = await api.get('/api/history?symbol=AAPL&from=2024-05-10T13:30:00Z&to=2024-05-10T13:34:00Z');
    const unix = await api.get(`/api/history?symbol=AAPL&from=${FRIDAY_OPEN}&to=${FRIDAY_OPEN + 240}`);
    expect(times(iso.body)).toEqual([0, 1, 2, 3, 4].map((i) => FRIDAY_OPEN + i * 60));
    expect(unix.body).toEqual(iso.body);
    const offset = await api.get(`/api/history?symbol=AAPL&from=${encodeURIComponent('2024-05-10T09:30:00-04:00')}&to=${FRIDAY_OPEN}`);
    expect(times(offset.body)).toEqual([FRIDAY_OPEN]);
  });

  it('aggregates the session into 5m, 15m, 1h and 1d candles', async () => {
    const range = `from=${FRIDAY_OPEN - 3600}&to=${FRIDAY_OPEN + 86_399 - 3600}`;
    const counts: Record<string, number> = {};
    for (const interval of ['5m', '15m', '1h']) {
      const { body } = await api.get(`/api/history?symbol=AAPL&interval=${interval}&${range}`);
      counts[interval] = times(body).length;
      expectAscendingUnique(body);
    }
    expect(counts).toEqual({ '5m': 78, '15m': 26, '1h': 7 });
    const day = await api.get(`/api/history?symbol=AAPL&interval=1d&from=2024-05-01&to=2024-05-31`);
    expect(times(day.body)).toEqual([Date.UTC(2024, 4, 10) / 1000]);
    const [d] = candlesOf(day.body);
    expect(d!.volume).toBeGreaterThan(390 * 1000);
  });

  it('serves ranges with Yahoo’s intervals from stored daily bars, today’s bar from live 1m candles', async () => {
    clock = at('2024-05-10T19:00:00Z');
    const fiveYears = await api.get('/api/history?symbol=LONG&range=5y');
    expect(fiveYears.body).toMatchObject({ interval: '1wk', range: '5y', adjusted: 'split', timezone: 'America/New_York', to: clock / 1000 });
    const weeks = candlesOf(fiveYears.body);
    expect(weeks.length).toBeGreaterThanOrEqual(260);
    expect(weeks[0]!.time).toBeGreaterThanOrEqual(Number(fiveYears.body.from));
    // This week: Monday..Thursday stored, Friday from 1m candles (its close is the last 1m close).
    const friday = sessionBars('LONG', FRIDAY_OPEN, 1, 390, 7);
    expect(weeks.at(-1)).toMatchObject({ time: Date.UTC(2024, 4, 6) / 1000, open: LONG_DAYS.at(-4)!.open, close: friday.at(-1)!.close });
    const year = await api.get('/api/history?symbol=LONG&range=1y&interval=1d');
    expect(times(year.body).at(-1)).toBe(Date.UTC(2024, 4, 10) / 1000);
    expect(times(year.body).at(-2)).toBe(Date.UTC(2024, 4, 9) / 1000);
    expectAscendingUnique(year.body);
    const max = await api.get('/api/history?symbol=LONG&range=max&adjust=split-dividend');
    expect(max.body).toMatchObject({ interval: '1mo', adjusted: 'split-dividend' });
    expect(candlesOf(max.body)[0]).toMatchObject({ time: Date.UTC(2014, 4, 1) / 1000, close: expect.closeTo(LONG_DAYS[21]!.close * 0.99, 6) });
  });

  it('starts hourly bars at the 09:30 New York open once the exchange clock is known', async () => {
    const { body } = await api.get(`/api/history?symbol=LONG&interval=1h&from=${FRIDAY_OPEN - 3600}&to=${FRIDAY_OPEN + 86_399 - 3600}`);
    expect(times(body)).toEqual(Array.from({ length: 7 }, (_, i) => FRIDAY_OPEN + i * 3600));
  });

  it('shows today’s session for a 1d range, and the last session on a weekend', async () => {
    clock = at('2024-05-10T18:00:00Z');
    const today = await api.get('/api/history?symbol=LONG&range=1d');
    expect(today.body).toMatchObject({ interval: '1m', from: Date.UTC(2024, 4, 10, 4) / 1000 }); // midnight in New York
    expect(times(today.body)[0]).toBe(FRIDAY_OPEN);
    clock = at('2024-05-12T18:00:00Z');
    const { body } = await api.get('/api/history?symbol=AAPL&range=1d');
    expect(times(body)).toHaveLength(390);
    expect(body).toMatchObject({ from: Date.UTC(2024, 4, 10) / 1000, to: FRIDAY_LAST_BAR });
  });

  it('counts 5D in trading days with bars (a holiday is not one) and starts YTD at New York’s New Year', async () => {
    clock = at('2024-05-10T19:00:00Z');
    const fiveDays = await api.get('/api/history?symbol=HOL&range=5d&interval=1d');
    // Thu 9, Tue 7, Mon 6, Fri 3, Thu 2 May: from midnight of the 2nd in New York
    expect(fiveDays.body).toMatchObject({ range: '5d', from: at('2024-05-02T04:00:00Z') / 1000 });
    // (daily bars are timed at UTC midnight, before New York's: the window's first day is not among them)
    expect(times(fiveDays.body)).toEqual(['2024-05-03', '2024-05-06', '2024-05-07', '2024-05-09'].map((d) => at(`${d}T00:00:00Z`) / 1000));
    const ytd = await api.get('/api/history?symbol=LONG&range=ytd');
    expect(ytd.body).toMatchObject({ from: at('2024-01-01T05:00:00Z') / 1000 });
  });

  it('given only `to`, serves the default span ending there', async () => {
    const { body } = await api.get(`/api/history?symbol=AAPL&to=${FRIDAY_LAST_BAR}`);
    expect(times(body)).toHaveLength(61);
    expect(times(body).at(-1)).toBe(FRIDAY_LAST_BAR);
  });

  it('keeps default and widened windows within the row cap', async () => {
    clock = at('2024-05-10T15:00:30Z');
    expect(times((await capped.get('/api/history?symbol=AAPL')).body)).toHaveLength(10);
    clock = at('2024-05-11T12:00:00Z');
    const weekend = await capped.get('/api/history?symbol=AAPL');
    expect(times(weekend.body)).toEqual(Array.from({ length: 10 }, (_, i) => FRIDAY_LAST_BAR - (9 - i) * 60));
  });

  it('accepts an explicit window of exactly the row cap and refuses a wider one', async () => {
    const ok = await capped.get(`/api/history?symbol=AAPL&from=${FRIDAY_OPEN}&to=${FRIDAY_OPEN + 599}`);
    expect(ok.status).toBe(200);
    expect(times(ok.body)).toHaveLength(10);
    const wide = await capped.get(`/api/history?symbol=AAPL&from=${FRIDAY_OPEN}&to=${FRIDAY_OPEN + 600}`);
    expect(wide.status).toBe(400);
    expect(wide.body).toEqual({ error: { code: 'WINDOW_TOO_LARGE', message: expect.stringContaining('10 bars') } });
  });

  it('names in WINDOW_TOO_LARGE the largest to - from it accepts, which is accepted', async () => {
    const wide = await capped.get(`/api/history?symbol=AAPL&from=${FRIDAY_OPEN}&to=${FRIDAY_OPEN + 3600}`);
    const named = /to - from at most (\d+) seconds/.exec(String((wide.body.error as { message: string }).message));
    expect(named?.[1]).toBe('599');
    const atLimit = await capped.get(`/api/history?symbol=AAPL&from=${FRIDAY_OPEN}&to=${FRIDAY_OPEN + Number(named?.[1])}`);
    expect(atLimit.status).toBe(200);
    const beyond = await capped.get(`/api/history?symbol=AAPL&from=${FRIDAY_OPEN}&to=${FRIDAY_OPEN + Number(named?.[1]) + 1}`);
    expect(beyond.status).toBe(400);
  });

  it.each([
    ['a missing symbol', '', 'INVALID_SYMBOL'],
    ['a malformed symbol', 'symbol=AA$PL', 'INVALID_SYMBOL'],
    ['a repeated symbol', 'symbol=AAPL&symbol=MSFT', 'INVALID_SYMBOL'],
    ['an unknown interval', 'symbol=AAPL&interval=2m', 'INVALID_INTERVAL'],
    ['a non-time from', 'symbol=AAPL&from=yesterday', 'INVALID_TIME'],
    ['a millisecond timestamp', 'symbol=AAPL&to=1715347800000', 'INVALID_TIME'],
    ['a date/time without a timezone', 'symbol=AAPL&from=2024-05-10T13:30:00', 'INVALID_TIME'],
    ['from after to', `symbol=AAPL&from=${FRIDAY_OPEN + 60}&to=${FRIDAY_OPEN}`, 'INVALID_RANGE'],
    ['from after now with no to', `symbol=AAPL&from=${Date.UTC(2030, 0, 1) / 1000}`, 'INVALID_RANGE'],
    ['a year of 1m bars', 'symbol=AAPL&from=2023-05-10T00:00:00Z&to=2024-05-10T00:00:00Z', 'WINDOW_TOO_LARGE'],
    ['a range of 1m bars too long for the cap', 'symbol=AAPL&range=1y&interval=1m', 'WINDOW_TOO_LARGE'],
    ['an unknown range', 'symbol=AAPL&range=2y', 'INVALID_CHART_RANGE'],
    ['a range with from/to', 'symbol=AAPL&range=1y&from=2024-01-01', 'RANGE_WITH_FROM_TO'],
  ])('answers 400 to %s', async (_name, query, code) => {
    const { status, body } = await api.get(`/api/history?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
  });
});
