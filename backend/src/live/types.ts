import type { Server } from 'node:http';
import type { Router } from 'express';
import type { Tick } from '@tickstream/shared';
import type { MarketPublisher } from '../bus/types.ts';

export interface Live {
  readonly publisher: MarketPublisher;
  /** Mounted at /api: serves the SSE stream (/api/stream). */
  readonly router: Router;
  /** Attaches `/ws` upgrades to the HTTP server. */
  attach(server: Server): void;
  /** Latest tick seen per symbol (served by /api/quotes when the store is down). */
  latestTicks(): Map<string, Tick>;
  close(): Promise<void>;
}
