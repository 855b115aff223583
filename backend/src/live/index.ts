// STUB (live-delivery helper replaces)
import { Router } from 'express';
import type { Tick } from '@tickstream/shared';
import type { Context } from '../app.ts';
import type { Live } from './types.ts';

export function createLive(ctx: Context): Live {
  const latest = new Map<string, Tick>();
  return {
    router: Router(),
    publisher: {
      async publish(update) {
        for (const t of update.ticks) latest.set(t.symbol, t);
        await ctx.bus.publish([]);
      },
    },
    attach() {},
    latestTicks: () => latest,
    async close() {},
  };
}
