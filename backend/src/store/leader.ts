// Leadership on the server driver: pg_try_advisory_lock held by a dedicated connection (not a pool
// member, so the pool can never hand the lock's session to someone else or drop it as idle).
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { Leadership } from './types.ts';
import { StoreError, toStoreError, STORE_TIMEOUT } from './errors.ts';
import { rejectAfter } from '../timeouts.ts';
import { lockKey } from './lock.ts';

/** How often the lock connection proves it is alive; a cut network fails the heartbeat. */
const HEARTBEAT_MS = 5_000;

export interface LeadRequest {
  config: pg.ClientConfig;
  name: string;
  logger: Logger;
  /** connections currently holding a lock, ended by Store.close() */
  active: Set<pg.Client>;
  isClosed: () => boolean;
}

export async function tryLeadOn(req: LeadRequest): Promise<Leadership | null> {
  const closedError = () => new StoreError('STORE_UNAVAILABLE', 'the store is closed');
  if (req.isClosed()) throw closedError();
  const key = lockKey(req.name);
  const client = new pg.Client(req.config);
  // pending: acquiring; held: leading (a dropped connection is a loss); done: released or lost.
  let state: 'pending' | 'held' | 'done' = 'pending';
  let markLost!: () => void;
  const lost = new Promise<void>((r) => (markLost = r));
  const onGone = (err?: Error) => {
    req.active.delete(client);
    if (state !== 'held') return;
    state = 'done';
    req.logger.warn({ err, lock: req.name }, 'leadership connection lost');
    markLost();
  };
  // Attached before connecting: an 'error' without a listener would crash the process.
  client.on('error', onGone);
  client.on('end', () => onGone());
  const abandon = async () => {
    state = 'done';
    await client.end().catch(() => undefined);
  };

  try {
    await client.connect();
    const res = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int8) AS ok', [key]);
    if (res.rows[0]?.ok !== true) {
      await abandon();
      return null;
    }
  } catch (err) {
    await abandon();
    throw toStoreError(err, `acquire leadership ${req.name}`);
  }
  if (req.isClosed()) {
    await abandon();
    throw closedError();
  }
  state = 'held';
  req.active.add(client);

  const heartbeat = setInterval(() => {
    rejectAfter(client.query('SELECT 1'), HEARTBEAT_MS, STORE_TIMEOUT('leader heartbeat timed out')).catch((err: unknown) => {
      onGone(err instanceof Error ? err : new Error(String(err)));
      void client.end().catch(() => undefined);
    });
  }, HEARTBEAT_MS);
  heartbeat.unref();
  void lost.then(() => clearInterval(heartbeat));

  return {
    lost,
    async release() {
      if (state !== 'held') return;
      // A voluntary release is not a loss: `lost` stays pending.
      state = 'done';
      clearInterval(heartbeat);
      req.active.delete(client);
      await client.query('SELECT pg_advisory_unlock($1::int8)', [key]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
