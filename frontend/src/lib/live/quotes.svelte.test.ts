import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '@tickstream/shared';
import type { Clock } from '../clock.svelte.ts';
import type { LiveConnection, LiveListener } from './connection.svelte.ts';
import { Quotes } from './quotes.svelte.ts';

const status = (lastSuccessAtMs: number, nextAttemptAtMs: number) =>
  ({ state: 'ok', source: 'simulated', lastSuccessAtMs, nextAttemptAtMs, lastError: null, stale: false, symbolErrors: {}, backfill: { done: 0, total: 0, running: false } }) as SourceStatus;

/** Quotes on a fake connection (down since 0) and clock: the listener it registered, to send it messages. */
function offlineQuotes() {
  let listener: LiveListener = {};
  const connection = { downSinceMs: 0, listen: (l: LiveListener) => ((listener = l), () => {}) } as unknown as LiveConnection;
  const clock = { now: 0 } as Clock;
  const quotes = new Quotes(connection, clock);
  return { quotes, clock, send: (s: SourceStatus) => listener.sourceStatus?.(s) };
}

describe('Quotes offline', () => {
  it('greys prices out after the 10 s floor on 2 s polls, even when the last status came while a poll ran', () => {
    const { quotes, clock, send } = offlineQuotes();
    send(status(2_000, 4_000));
    // sent during the next poll: its next attempt is still the slot being polled
    send(status(4_300, 4_000));
    clock.now = 10_001;
    expect(quotes.offline).toBe(true);
    expect(quotes.isStale('AAPL')).toBe(true);
  });

  it('waits two guessed intervals (15 s each) while no status has shown the poll interval', () => {
    const { quotes, clock, send } = offlineQuotes();
    send(status(4_300, 4_000));
    clock.now = 29_000;
    expect(quotes.offline).toBe(false);
    clock.now = 30_001;
    expect(quotes.offline).toBe(true);
  });
});
