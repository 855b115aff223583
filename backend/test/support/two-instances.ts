// The scale-out suites' set-up: two in-process app instances over one in-memory store and the real
// Redis under a fresh prefix, started before the suite and closed after it, with the prefix's live
// stream deleted so no run sees another's messages.
import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import type { Store } from '../../src/store/types.ts';
import { startLiveApp, type LiveApp } from '../live-helpers.ts';
import { openMemoryStore } from './memory-store.ts';
import { TEST_REDIS_URL, testRedisPrefix } from './services.ts';

/** Deletes a prefix's live stream and its metadata: what Redis losing its keys looks like to the app. */
export async function deleteLiveStream(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  await redis.del(`${prefix}:live:meta`, `${prefix}:live:stream`);
  redis.disconnect();
}

/** The pair; store, a and b are set once the suite's beforeAll has run. */
export class TwoInstances {
  store!: Store;
  a!: LiveApp;
  b!: LiveApp;
  readonly prefix: string;
  /** the environment both were started with; start a late third one with `startLiveApp(env, { store })` */
  readonly env: Record<string, string>;
  constructor(prefix: string, env: Record<string, string>) {
    this.prefix = prefix;
    this.env = env;
  }
}

/** Registers the suite's beforeAll/afterAll. */
export function twoInstancesOverRedis(extraEnv: Record<string, string> = {}): TwoInstances {
  const prefix = testRedisPrefix();
  const pair = new TwoInstances(prefix, { REDIS_URL: TEST_REDIS_URL as string, REDIS_PREFIX: prefix, ...extraEnv });
  beforeAll(async () => {
    pair.store = await openMemoryStore();
    pair.a = await startLiveApp(pair.env, { store: pair.store });
    pair.b = await startLiveApp(pair.env, { store: pair.store });
  });
  afterAll(async () => {
    await pair.a?.close();
    await pair.b?.close();
    await deleteLiveStream(TEST_REDIS_URL as string, prefix);
    await pair.store?.close();
  });
  return pair;
}
