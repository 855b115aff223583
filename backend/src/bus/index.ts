// STUB (live-delivery helper replaces): in-process bus, or Redis when REDIS_URL is set.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Bus, } from './types.ts';

export async function createBus(_config: Config['redis'], _logger: Logger): Promise<Bus> {
  const listeners = new Set<(batch: Parameters<Bus['publish']>[0]) => void>();
  return {
    kind: 'memory',
    async publish(batch) { for (const l of listeners) l(batch); },
    subscribe(l) { listeners.add(l); return () => listeners.delete(l); },
    async close() { listeners.clear(); },
  };
}
