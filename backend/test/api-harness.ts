// Starts the real app over a given store with a quiet fake source, for HTTP-level tests.
import type { QuoteSource } from '../src/sources/types.ts';
import type { Store } from '../src/store/types.ts';
import { createApp, type App } from '../src/app.ts';
import { createBus } from '../src/bus/index.ts';
import { checkContract } from './support/contract.ts';
import { testConfig } from './support/services.ts';
import pino from 'pino';
import { plainSourceParts } from './fixtures/factories.ts';

/** A source that is always reachable and never has anything to say: the poller stays harmless. */
export const quietSource: QuoteSource = {
  name: 'simulated',
  ...plainSourceParts,
  fetchQuotes: async () => ({ ticks: [], problems: [] }),
  fetchBars: async () => [],
};

export interface Running {
  app: App;
  url: string;
  get(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startApp(store: Store, opts: { env?: Record<string, string>; now?: () => number } = {}): Promise<Running> {
  const config = testConfig(opts.env);
  const logger = pino({ level: 'silent' });
  const bus = await createBus(config.redis, logger);
  const app = createApp({ config, store, source: quietSource, bus, logger, ...(opts.now ? { now: opts.now } : {}) });
  const address = await app.listen(0);
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    async get(path) {
      const res = await fetch(url + path);
      const text = await res.text();
      checkContract({ method: 'GET', path, status: res.status, contentType: res.headers.get('content-type') ?? '', body: text });
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
    },
    async close() {
      await app.close();
      await bus.close();
    },
  };
}
