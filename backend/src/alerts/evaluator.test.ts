import { describe, expect, it } from 'vitest';
import type { Tick } from '@tickstream/shared';
import { makeAlert, makeTick } from '../../test/fixtures/factories.ts';
import type { StoredAlert } from '../store/types.ts';
import { Evaluator } from './evaluator.ts';

const T0 = 1_700_000_000;
const NOW = T0 * 1000;

/** Feeds prices one tick each (10 s apart) and returns the prices at which the alert fired. */
function run(alert: Partial<StoredAlert>, prices: (number | Partial<Tick>)[], opts: { start?: number; nowMs?: (i: number) => number } = {}) {
  const ev = new Evaluator();
  ev.load([makeAlert(alert)]);
  const fired: number[] = [];
  prices.forEach((p, i) => {
    const t = (opts.start ?? T0) + i * 10;
    const tick = makeTick(typeof p === 'number' ? { time: t, price: p } : { time: t, ...p });
    for (const f of ev.evaluate([tick], opts.nowMs?.(i) ?? t * 1000).firings) fired.push(f.tick.price);
  });
  return { fired, ev };
}

describe('alert firing rules', () => {
  it('fires when the price crosses the level, not while it stays above', () => {
    expect(run({}, [200, 201, 202, 203, 204]).fired).toEqual([202]);
  });

  it('fires on a gap through the level', () => {
    expect(run({}, [190, 250]).fired).toEqual([250]);
    expect(run({ condition: { type: 'price_below', value: 100 } }, [120, 80]).fired).toEqual([80]);
  });

  it('does not fire for an alert created with the price already past the level until it crosses back and again', () => {
    expect(run({}, [205, 206, 207]).fired).toEqual([]);
    expect(run({}, [205, 200, 203]).fired).toEqual([203]);
    // Armed from the latest price at creation (the store's initial state): the first tick can fire.
    expect(run({ state: { armed: true, done: false, cooldownUntil: null, lastFiredAt: null, fireCount: 0 } }, [202]).fired).toEqual([202]);
  });

  it('fires once, then stays done', () => {
    const { fired, ev } = run({ repeat: 'once' }, [200, 202, 200, 203]);
    expect(fired).toEqual([202]);
    expect(ev.evaluate([makeTick({ time: T0 + 1000, price: 199 })], NOW).states[0]).toBeUndefined();
  });

  it('with repeat every, re-arms when the price crosses back', () => {
    expect(run({ repeat: 'every' }, [200, 202, 203, 201, 202, 200, 205]).fired).toEqual([202, 202, 205]);
  });

  it('with a cooldown, uses up crossings inside it without firing', () => {
    // ticks every 10 s, cooldown 25 s: the crossing 20 s later is inside it, the one 40 s later is not
    expect(run({ repeat: 'every', cooldownSeconds: 25 }, [200, 202, 200, 202, 200, 202]).fired).toEqual([202, 202]);
    const { ev } = run({ repeat: 'every', cooldownSeconds: 25 }, [200, 202]);
    const after = ev.evaluate([makeTick({ time: T0 + 30, price: 200 })], (T0 + 30) * 1000).states[0];
    expect(after).toMatchObject({ armed: true, cooldownUntil: T0 + 10 + 25, fireCount: 1 });
  });

  it('never judges a refused value: NaN, zero, negative or infinite prices change nothing', () => {
    expect(run({}, [200, Number.NaN, 0, -5, Number.POSITIVE_INFINITY, 202]).fired).toEqual([202]);
    expect(run({}, [200, Number.POSITIVE_INFINITY]).fired).toEqual([]);
  });

  it('never judges a tick again or an older one (a replay)', () => {
    const ev = new Evaluator();
    ev.load([makeAlert({ repeat: 'every' })]);
    ev.evaluate([makeTick({ time: T0, price: 200 })], NOW);
    expect(ev.evaluate([makeTick({ time: T0 + 10, price: 202 })], NOW).firings).toHaveLength(1);
    expect(ev.evaluate([makeTick({ time: T0 + 5, price: 199 }), makeTick({ time: T0 + 10, price: 202 })], NOW).firings).toHaveLength(0);
  });

  it('ignores ticks outside the market hours asked for: regular only by default', () => {
    const closed = (price: number, marketState: Tick['marketState']) => ({ price, marketState });
    expect(run({}, [200, closed(203, 'POST'), closed(204, 'CLOSED'), 205]).fired).toEqual([205]);
    expect(run({ marketHours: 'extended' }, [200, closed(203, 'POST'), closed(204, 'CLOSED')]).fired).toEqual([203]);
    expect(run({ marketHours: 'any' }, [200, closed(204, 'CLOSED')]).fired).toEqual([204]);
  });

  it('fires on day change % against the previous close', () => {
    const pct = (price: number) => ({ price, previousClose: 100 });
    expect(run({ condition: { type: 'change_percent_below', value: -5 } }, [pct(97), pct(95), pct(94.9), pct(94)]).fired).toEqual([94.9]);
    expect(run({ condition: { type: 'change_percent_above', value: 2 } }, [{ price: 103, previousClose: null, changePercent: 1 }, { price: 104, previousClose: null, changePercent: 3 }]).fired).toEqual([104]);
  });

  it('fires on a move of X % within N minutes, either way or one way', () => {
    const move = (direction: 'up' | 'down' | 'either') => ({ condition: { type: 'move_percent' as const, value: 5, windowMinutes: 1, direction } });
    expect(run(move('either'), [100, 102, 105.1]).fired).toEqual([105.1]);
    expect(run(move('down'), [100, 102, 105.1, 96.8]).fired).toEqual([96.8]);
    expect(run(move('up'), [100, 96, 99]).fired).toEqual([]);
    // ticks 10 s apart: 100 at t0 is out of a 1-minute window by t0+70 s
    expect(run(move('either'), [100, 101, 101, 101, 101, 101, 101, 105.5]).fired).toEqual([]);
  });

  it('reports the figure each condition compared', () => {
    const ev = new Evaluator();
    ev.load([makeAlert({ condition: { type: 'change_percent_above', value: 1 } })]);
    ev.evaluate([makeTick({ time: T0, price: 100, previousClose: 100 })], NOW);
    const [f] = ev.evaluate([makeTick({ time: T0 + 10, price: 102, previousClose: 100 })], NOW).firings;
    expect(f?.observed).toBeCloseTo(2, 10);
    expect(f?.state).toMatchObject({ alertId: 1, revision: 1, armed: false, done: true, fireCount: 1 });
  });

  it('keeps the state of alerts whose revision is unchanged across a reload, and resets edited ones', () => {
    const ev = new Evaluator();
    ev.load([makeAlert({ repeat: 'every' })]);
    ev.evaluate([makeTick({ time: T0, price: 200 })], NOW);
    ev.load([makeAlert({ repeat: 'every', note: 'edited note' })]);
    expect(ev.evaluate([makeTick({ time: T0 + 10, price: 202 })], NOW).firings).toHaveLength(1);
    ev.load([makeAlert({ repeat: 'every', revision: 2, condition: { type: 'price_above', value: 150 } })]);
    expect(ev.evaluate([makeTick({ time: T0 + 20, price: 203 })], NOW).firings).toHaveLength(0);
  });
});

describe('SMA crossing', () => {
  it('compares the price with the SMA of the last N completed candles, against a hand-computed reference', () => {
    const ev = new Evaluator();
    ev.load([makeAlert({ condition: { type: 'sma_cross_above', period: 3, interval: '1m' } })]);
    const [seed] = ev.takeSmaSeeds();
    const minute = Math.floor(T0 / 60) * 60;
    // completed closes 10, 11, 12 -> SMA 11; then ticks in the current minute
    seed!.tracker.onTick(minute + 5, 10.5);
    seed!.tracker.seed([10, 11, 12].map((close, i) => ({ time: minute - (3 - i) * 60, open: close, high: close, low: close, close, volume: 1 })));
    expect(seed!.tracker.value()).toBe(11);
    const tick = (dt: number, price: number) => makeTick({ time: minute + dt, price });
    expect(ev.evaluate([tick(10, 10.9)], NOW).firings).toHaveLength(0); // below 11: armed
    const [f] = ev.evaluate([tick(20, 11.2)], NOW).firings;
    expect(f?.observed).toBe(11);
    // the minute closes at 11.2: closes 11, 12, 11.2 -> SMA 11.4; 11.3 in the next minute is below it
    expect(ev.evaluate([tick(65, 11.3)], NOW).firings).toHaveLength(0);
    expect(seed!.tracker.value()).toBeCloseTo(11.4, 10);
  });

  it('does not judge until the SMA has its candles', () => {
    const ev = new Evaluator();
    ev.load([makeAlert({ condition: { type: 'sma_cross_below', period: 2, interval: '1h' } })]);
    expect(ev.evaluate([makeTick({ time: T0, price: 1 })], NOW).states).toEqual([]);
  });
});
