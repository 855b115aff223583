// Store outage against the real PostgreSQL server: the whole app (poller, live delivery, health)
// talks to the database through a TCP proxy this test cuts and restores. While it is cut, live
// ticks keep flowing, rows queue and /api/health says degraded; once it is back, every row that
// was broadcast is in the database and the poller holds the lock again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedMessage } from '@tickstream/shared';
import { createApp, type App } from '../src/app.ts';
import { createInProcessBus } from '../src/bus/in-process.ts';
import { createMetrics } from '../src/metrics.ts';
import { createSource } from '../src/sources/index.ts';
import { openPostgresStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { TEST_DATABASE_URL, createTestDatabase, testConfig } from './support/services.ts';
import { captureLogger } from './fixtures/capture-logger.ts';
import { proxyUrl, type TcpProxy } from './fixtures/tcp-proxy.ts';

const suite = TEST_DATABASE_URL ? describe : describe.skip;

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('store outage on the real PostgreSQL server', () => {
  let db: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let store: Store;
  let app: App;
  let base: string;
  const messages: PublishedMessage[] = [];
  const { logger, lines } = captureLogger('info');

  beforeAll(async () => {
    db = await createTestDatabase();
    const proxied = await proxyUrl(db.url, 5432);
    proxy = proxied.proxy;
    store = await openPostgresStore(proxied.url, { logger });
    const config = testConfig({ WATCHLIST: 'AAPL,BTC-USD', POLL_INTERVAL_SECONDS: '1', BACKFILL_DAYS: '0', BACKOFF_MAX_SECONDS: '2' });
    const metrics = createMetrics();
    const bus = createInProcessBus(logger);
    bus.subscribe((batch) => messages.push(...batch));
    app = createApp({ config, store, source: createSource(config.source, logger, { metrics }), bus, logger, metrics });
    const address = await app.listen(0);
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await proxy?.close();
    await db?.drop();
  });

  const health = async () => (await (await fetch(`${base}/api/health`)).json()) as { status: string; pendingWrites: number; source: { state: string; lastError: { code: string } | null } };
  const tickKeys = () => messages.flatMap((m) => (m.type === 'tick' ? [`${m.tick.symbol}|${m.tick.time}`] : []));

  it('keeps live ticks flowing, queues rows, says degraded, and writes every broadcast tick once the database is back', async () => {
    await until(() => tickKeys().length >= 4, 10_000, 'the first polls');
    expect(app.poller.isLeader()).toBe(true);

    await proxy.cut();
    const broadcastBefore = tickKeys().length;
    await until(() => app.poller.pendingWrites() > 0, 10_000, 'rows to queue');
    await until(() => tickKeys().length >= broadcastBefore + 6, 10_000, 'live ticks during the outage');
    const during = await health();
    expect(during.status).toBe('degraded');
    expect(during.pendingWrites).toBeGreaterThan(0);
    expect(during.source.lastError?.code).toBe('STORE_UNAVAILABLE');

    await proxy.restore();
    await until(() => app.poller.pendingWrites() === 0, 20_000, 'the queue to drain');
    await until(async () => (await health()).status === 'ok', 20_000, 'health to recover');
    await until(() => app.poller.isLeader(), 20_000, 'the lock to be re-acquired');

    const keys = tickKeys();
    expect(new Set(keys).size).toBe(keys.length); // nothing broadcast twice
    const stored = await store.ticks.since(['AAPL', 'BTC-USD'], 0, 100_000);
    const storedKeys = new Set(stored.map((t) => `${t.symbol}|${t.time}`));
    for (const k of keys) expect(storedKeys.has(k)).toBe(true);
    expect(lines.some((l) => l.msg.startsWith('store unavailable: queueing rows'))).toBe(true);
    expect(lines.some((l) => l.msg === 'write queue drained: the store is writable again')).toBe(true);
  });
});
