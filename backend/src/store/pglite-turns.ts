// PGlite runs Postgres on this thread: a statement's work is done inside the call and its promise
// resolves as a microtask. A burst of statements (a backfill's candles, a symbol's decades of daily
// bars) so ran back to back without the event loop getting a turn, and every request that arrived
// meanwhile waited for all of it: while the daily history synced at start, /api/health answered
// after 300-750 ms. Each statement here first waits for the event loop's next turn, so a request
// waits for one statement at most; the repositories keep statements to a few hundred rows (db.ts).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PgliteLike } from './pglite-session.ts';

/** The same client, whose `query` and `exec` start on the event loop's next turn. */
export function takingTurns<T extends PgliteLike>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== 'query' && prop !== 'exec') return value.bind(target);
      return async (...args: unknown[]) => {
        await nextTurn();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}
