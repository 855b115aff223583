// The recent 1m bars are served from the poll leader's memory (store/recent-candles.ts). On the real
// PostgreSQL server, with the simulated source polled every second (backfill, forming and closed
// bars all written), two instances on one database answer the last hour exactly as the database
// holds it: the leader from memory, the standby from the database, and the standby once it leads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Candle } from '@tickstream/shared';
import { createApp, type App } from '../src/app.ts';
import { createBus } from '../src/bus/index.ts';
import type { Bus } from '../src/bus/types.ts';
import { openPostgresStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { createSource } from '../src/sources/index.ts';
import { createTestDatabase, testConfig, TEST_DATABASE_URL } from './support/services.ts';
import { eventually } from './live-helpers.ts';

const env = { WATCHLIST: 'AAPL', QUOTE_SOURCE: 'simulated', SIMULATION_MARKET: 'always-open', POLL_INTERVAL_SECONDS: '1', BACKFILL_DAYS: '1' };

interface Instance {
  app: App;
  url: string;
  store: Store;
  bus: Bus;
}

async function start(dbUrl: string): Promise<Instance> {
  const config = testConfig(env);
  const logger = pino({ level: 'silent' });
  const store = await openPostgresStore(dbUrl);
  const bus = await createBus(config.redis, logger);
  const app = createApp({ config, store, source: createSource(config.source, logger), bus, logger });
  const { port } = await app.listen(0);
  return { app, url: `http://127.0.0.1:${port}`, store, bus };
}

async function stop(i: Instance | undefined): Promise<void> {
  await i?.app.close();
  await i?.bus.close();
  await i?.store.close();
}

let db: { url: string; drop(): Promise<void> };
let a: Instance | undefined;
let b: Instance | undefined;
let reader: Store;

beforeAll(async () => {
  db = await createTestDatabase(TEST_DATABASE_URL);
  a = await start(db.url);
  await eventually(() => a!.app.poller.isLeader(), 10_000);
  b = await start(db.url);
  reader = await openPostgresStore(db.url);
}, 60_000);
afterAll(async () => {
  await stop(a);
  await stop(b);
  await reader?.close();
  await db?.drop();
});

/**
 * Reads the last hour from an instance between two reads of the database: with a write every
 * second, the answer must be what the database held just before or just after it.
 */
async function sameAsDatabase(i: Instance): Promise<{ bars: number; changedMeanwhile: boolean }> {
  const to = Math.floor(Date.now() / 1000) + 120;
  const from = to - 3600;
  const direct = () => reader.candles.history({ symbol: 'AAPL', interval: '1m', from, to, limit: 5000 });
  const before = await direct();
  const res = await fetch(`${i.url}/api/history?symbol=AAPL&interval=1m&from=${from}&to=${to}`);
  const answer = ((await res.json()) as { candles: Candle[] }).candles;
  const after = await direct();
  expect([before, after]).toContainEqual(answer);
  return { bars: answer.length, changedMeanwhile: JSON.stringify(before) !== JSON.stringify(after) };
}

describe('the last hour of 1m bars while the poller writes', () => {
  it('is the database on the leader (from memory) and on the standby, read after read', async () => {
    await eventually(async () => (await sameAsDatabase(a!)).bars >= 55, 30_000); // backfilled
    const seen = new Set<string>();
    for (let n = 0; n < 25; n++) {
      await sameAsDatabase(a!);
      await sameAsDatabase(b!);
      const last = (await reader.candles.history({ symbol: 'AAPL', interval: '1m', from: 0, to: Math.floor(Date.now() / 1000) + 120, limit: 1 })).at(-1);
      seen.add(JSON.stringify(last));
      await new Promise((r) => setTimeout(r, 200));
    }
    // the forming bar moved while the reads went on: the leader's memory followed the writes
    expect(seen.size).toBeGreaterThan(2);
  }, 60_000);

  it('is the database on the standby once it leads', async () => {
    await stop(a);
    a = undefined;
    await eventually(() => b!.app.poller.isLeader(), 15_000);
    for (let n = 0; n < 15; n++) {
      await sameAsDatabase(b!);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);
});
