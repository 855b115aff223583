// Tickstream itself: the real app (express, live delivery, memory bus) over a store that has
// nothing stored, publishing through the same publisher the poller uses.
import pino from 'pino';
import { loadConfig } from '../../backend/src/config.ts';
import { createApp } from '../../backend/src/app.ts';
import { createInProcessBus } from '../../backend/src/bus/in-process.ts';
import type { QuoteSource } from '../../backend/src/sources/types.ts';
import type { Store } from '../../backend/src/store/types.ts';
import type { BenchBatch } from './messages.ts';

const emptySource: QuoteSource = { name: 'simulated', fetchQuotes: async () => ({ ticks: [], problems: [] }), fetchBars: async () => [], search: async () => [], lookup: async (symbols) => ({ known: [...symbols], unknown: [] }) };

/** Only what live delivery touches: snapshots ask for the latest stored ticks. */
const emptyStore = {
  kind: 'postgres',
  timescale: false,
  ticks: { insertMany: async () => [], latest: async () => [], since: async () => [] },
  candles: { upsertMany: async () => [], history: async () => [], lastBuckets: async () => new Map() },
  tryLead: async () => null,
  ping: async () => undefined,
  close: async () => undefined,
} as unknown as Store;

export function tickstreamServer(symbols: readonly string[]) {
  const logger = pino({ level: 'silent' });
  const config = loadConfig({
    QUOTE_SOURCE: 'simulated',
    LOG_LEVEL: 'silent',
    WATCHLIST: symbols.join(','),
    WS_MAX_CONNECTIONS_PER_IP: '1000000',
  });
  const app = createApp({ config, store: emptyStore, source: emptySource, bus: createInProcessBus(logger), logger });
  return {
    server: app.server,
    // handed off once every client's frame is written: the hub writes a large fan-out in slices
    publish: async (batch: BenchBatch) => {
      await app.live.publisher.publish(batch);
      await app.live.delivered();
    },
    close: () => app.close(),
  };
}
