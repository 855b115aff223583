import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import type { AlertEvent, Tick, WatchlistChange } from '@tickstream/shared';
import type { MarketPublisher } from '../poller/types.ts';

export interface Live {
  readonly publisher: MarketPublisher;
  /** Positions a fired alert in the stream (after what was published before it); every subscribed client gets it. */
  publishAlert(event: AlertEvent): Promise<void>;
  /** The SSE endpoint; routes/index.ts mounts it at GET /api/stream. */
  readonly stream: RequestHandler;
  /** Attaches `/ws` upgrades to the HTTP server. */
  attach(server: Server): void;
  /** Sends a watchlist change to every subscribed client on every instance (through the bus). */
  publishWatchlists(change: WatchlistChange): Promise<void>;
  /** Symbols this instance's live clients follow now (viewed symbols are polled). */
  followedSymbols(): ReadonlySet<string>;
  /** Resolves once what has reached this instance is written to its clients (a large fan-out goes out in slices). */
  delivered(): Promise<void>;
  /** Latest tick seen per symbol (served by /api/quotes when the store is down). */
  latestTicks(): Map<string, Tick>;
  close(): Promise<void>;
}
