import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import type { AlertEvent, Tick } from '@tickstream/shared';
import type { MarketPublisher } from '../poller/types.ts';

export interface Live {
  readonly publisher: MarketPublisher;
  /** Positions a fired alert in the stream (after what was published before it); every subscribed client gets it. */
  publishAlert(event: AlertEvent): Promise<void>;
  /** The SSE endpoint; routes/index.ts mounts it at GET /api/stream. */
  readonly stream: RequestHandler;
  /** Attaches `/ws` upgrades to the HTTP server. */
  attach(server: Server): void;
  /** Latest tick seen per symbol (served by /api/quotes when the store is down). */
  latestTicks(): Map<string, Tick>;
  close(): Promise<void>;
}
