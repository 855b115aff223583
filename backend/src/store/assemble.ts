// Builds a Store from a drizzle database plus the few driver-specific parts.
import type { Leadership, Store } from './types.ts';
import type { Db } from './db.ts';
import { createTickRepository } from './ticks.ts';
import { createCandleRepository } from './candles.ts';
import { createDailyBarRepository } from './daily-bars.ts';
import { createHoldingRepository } from './holdings.ts';
import { createViewedSymbolRepository, createWatchlistRepository } from './watchlists.ts';
import { createAlertRepository } from './alerts.ts';

export interface DriverParts {
  kind: Store['kind'];
  timescale: boolean;
  /** why timescale is false, when the server could offer it (see Store.timescaleReason) */
  timescaleReason?: string;
  tryLead(name: string): Promise<Leadership | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function assembleStore(db: Db, parts: DriverParts): Store {
  return {
    kind: parts.kind,
    timescale: parts.timescale,
    ...(parts.timescaleReason ? { timescaleReason: parts.timescaleReason } : {}),
    ticks: createTickRepository(db),
    candles: createCandleRepository(db, { timescale: parts.timescale }),
    dailyBars: createDailyBarRepository(db),
    holdings: createHoldingRepository(db),
    watchlists: createWatchlistRepository(db),
    viewedSymbols: createViewedSymbolRepository(db),
    alerts: createAlertRepository(db),
    tryLead: parts.tryLead,
    ping: parts.ping,
    close: parts.close,
  };
}
