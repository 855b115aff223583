import { describe, expect, it } from 'vitest';
import { DOWN_AFTER_FAILURES, DOWN_AFTER_MS, createStatusTracker } from './status.ts';

describe('status tracker', () => {
  it('goes degraded on the first failure, down after repeated failures, ok on success', () => {
    let now = 0;
    const s = createStatusTracker('yahoo', () => now);
    s.recordSuccess(now);
    s.recordFailure({ code: 'RATE_LIMITED', message: '429' }, (now = 1000));
    expect(s.snapshot()).toMatchObject({ state: 'degraded', stale: true, lastSuccessAtMs: 0, lastError: { code: 'RATE_LIMITED', atMs: 1000 } });
    for (let i = 1; i < DOWN_AFTER_FAILURES; i++) s.recordFailure({ code: 'RATE_LIMITED', message: '429' }, (now += 1000));
    expect(s.state()).toBe('down');
    s.recordSuccess((now += 1000));
    expect(s.snapshot()).toMatchObject({ state: 'ok', stale: false, lastSuccessAtMs: now });
  });

  it('goes down after failing for DOWN_AFTER_MS even with few failures', () => {
    let now = 0;
    const s = createStatusTracker('yahoo', () => now);
    s.recordFailure({ code: 'NETWORK', message: 'x' }, now);
    now = DOWN_AFTER_MS;
    expect(s.state()).toBe('down');
  });

  it('is degraded while rows wait for the store', () => {
    const s = createStatusTracker('yahoo', () => 0);
    s.setStore(10, { code: 'STORE_UNAVAILABLE', message: 'down', at: 0 });
    expect(s.snapshot()).toMatchObject({ state: 'degraded', lastError: { code: 'STORE_UNAVAILABLE' } });
    s.setStore(0, null);
    expect(s.state()).toBe('ok');
  });

  it('tracks symbol errors and clears them when the symbol is served again', () => {
    const s = createStatusTracker('yahoo', () => 0);
    s.updateSymbols([{ symbol: 'APPL', code: 'UNKNOWN_SYMBOL', message: 'no quote' }], ['AAPL']);
    expect(s.snapshot().symbolErrors).toEqual({ APPL: 'UNKNOWN_SYMBOL: no quote' });
    s.updateSymbols([], ['APPL']);
    expect(s.snapshot().symbolErrors).toEqual({});
  });

  it('reports a change only when something other than timestamps changed', () => {
    let now = 0;
    const s = createStatusTracker('yahoo', () => now);
    s.recordSuccess((now = 5));
    s.setNextAttempt(10);
    expect(s.takeChanged()).toBeDefined();
    s.recordSuccess((now = 10));
    s.setNextAttempt(15);
    expect(s.takeChanged()).toBeUndefined();
    s.recordFailure({ code: 'TIMEOUT', message: 't' }, now);
    expect(s.takeChanged()?.state).toBe('degraded');
  });

  /** A tracker whose first poll is scheduled for 2000 and has not run, its status so far taken; `clock.now` drives it. */
  function beforeFirstPoll() {
    const clock = { now: 0 };
    const s = createStatusTracker('simulated', () => clock.now);
    s.setNextAttempt(2000);
    expect(s.takeChanged()?.lastSuccessAtMs).toBeNull();
    return { s, clock };
  }

  it('reports the first successful poll with its next attempt, from which a page that connected before it learns the poll interval', () => {
    const { s, clock } = beforeFirstPoll();
    s.recordSuccess((clock.now = 2000));
    s.setNextAttempt(4000);
    expect(s.takeChanged()).toMatchObject({ lastSuccessAtMs: 2000, nextAttemptAtMs: 4000 });
  });

  it('reports the first poll again once its next attempt is scheduled when a status was taken while it ran, and only once', () => {
    const { s, clock } = beforeFirstPoll();
    // the poll of the 2000 slot succeeds; the cycle takes the status before the next slot is set
    s.recordSuccess((clock.now = 2300));
    s.updateSymbols([{ symbol: 'ZZZZ', code: 'UNKNOWN_SYMBOL', message: 'no quote' }], []);
    expect(s.takeChanged()).toMatchObject({ lastSuccessAtMs: 2300, nextAttemptAtMs: 2000 });
    s.setNextAttempt(4000);
    expect(s.takeChanged()).toMatchObject({ lastSuccessAtMs: 2300, nextAttemptAtMs: 4000 });
    // later polls: taken while running and after scheduling, nothing new to tell
    s.recordSuccess((clock.now = 4200));
    expect(s.takeChanged()).toBeUndefined();
    s.setNextAttempt(6000);
    expect(s.takeChanged()).toBeUndefined();
  });

  it('reports each new retry time while failing, so the UI can count down to it', () => {
    let now = 0;
    const s = createStatusTracker('yahoo', () => now);
    s.recordFailure({ code: 'RATE_LIMITED', message: '429' }, (now = 1));
    s.setNextAttempt(2000);
    expect(s.takeChanged()?.nextAttemptAtMs).toBe(2000);
    s.recordFailure({ code: 'RATE_LIMITED', message: '429' }, (now = 2000));
    s.setNextAttempt(6000);
    expect(s.takeChanged()?.nextAttemptAtMs).toBe(6000);
    expect(s.takeChanged()).toBeUndefined();
  });
});
