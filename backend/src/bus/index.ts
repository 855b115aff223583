// The bus: in-process for one instance, Redis (a stream with atomic offset allocation) for several.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createInProcessBus } from './in-process.ts';
import type { Bus } from './types.ts';

export type { Bus } from './types.ts';

export async function createBus(config: Config['redis'], logger: Logger): Promise<Bus> {
  if (!config.url) return createInProcessBus(logger);
  // Loaded only with REDIS_URL: ioredis stays out of a single instance's memory.
  const { createRedisBus } = await import('./redis.ts');
  return createRedisBus({ url: config.url, prefix: config.prefix }, logger);
}
