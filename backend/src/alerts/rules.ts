// The firing rules, pure: when a tick counts, what a condition says about it, and the arm state
// machine (fire on the crossing only, once or every time with re-arm and cooldown).
import type { Alert, AlertCondition, AlertStatus, MarketHours, MarketState, Tick } from '@tickstream/shared';
import type { ArmState } from '../store/types.ts';

export const FRESH_STATE: ArmState = { armed: null, done: false, cooldownUntil: null, lastFiredAt: null, fireCount: 0 };

/** Which market states an alert looks at; ticks in other states change nothing (not even arming). */
export function marketAllows(hours: MarketHours, state: MarketState): boolean {
  if (hours === 'any') return true;
  if (hours === 'extended') return state !== 'CLOSED';
  return state === 'REGULAR';
}

/** A price the poller would publish: finite and positive (it refuses the rest; this never trusts that). */
export function usablePrice(tick: Tick): boolean {
  return Number.isFinite(tick.price) && tick.price > 0 && Number.isFinite(tick.time);
}

/** Day change % against the previous close (the source's own figure when it gives no close). */
export function dayChangePercent(tick: Tick): number | null {
  if (tick.previousClose !== null && tick.previousClose > 0) return ((tick.price - tick.previousClose) / tick.previousClose) * 100;
  return tick.changePercent !== null && Number.isFinite(tick.changePercent) ? tick.changePercent : null;
}

/** What a condition says about one tick: holds (null: cannot tell yet) and the figure it compared. */
export interface Observation {
  holds: boolean | null;
  observed: number | null;
}

/** Conditions judged from the tick alone; null for the ones that need history (move, SMA). */
export function observeTick(condition: AlertCondition, tick: Tick): Observation | null {
  switch (condition.type) {
    case 'price_above':
      return { holds: tick.price > condition.value, observed: null };
    case 'price_below':
      return { holds: tick.price < condition.value, observed: null };
    case 'change_percent_above':
    case 'change_percent_below': {
      const pct = dayChangePercent(tick);
      if (pct === null) return { holds: null, observed: null };
      return { holds: condition.type === 'change_percent_above' ? pct > condition.value : pct < condition.value, observed: pct };
    }
    default:
      return null;
  }
}

/** The price against an SMA value (null while the SMA has too few candles). */
export function observeSma(condition: Extract<AlertCondition, { type: 'sma_cross_above' | 'sma_cross_below' }>, price: number, sma: number | null): Observation {
  if (sma === null) return { holds: null, observed: null };
  return { holds: condition.type === 'sma_cross_above' ? price > sma : price < sma, observed: sma };
}

export interface Step {
  fire: boolean;
  state: ArmState;
}

/**
 * One observation through the arm state. Fires only when the condition was false at the last
 * usable tick (armed) and is true now; a crossing inside the cooldown is used up without firing.
 */
export function step(state: ArmState, holds: boolean | null, nowSec: number, rule: { repeat: 'once' | 'every'; cooldownSeconds: number }): Step {
  if (holds === null || state.done) return { fire: false, state };
  if (!holds) return state.armed === true ? { fire: false, state } : { fire: false, state: { ...state, armed: true } };
  if (state.armed !== true) return state.armed === false ? { fire: false, state } : { fire: false, state: { ...state, armed: false } };
  if (state.cooldownUntil !== null && nowSec < state.cooldownUntil) return { fire: false, state: { ...state, armed: false } };
  return {
    fire: true,
    state: {
      armed: false,
      done: rule.repeat === 'once',
      cooldownUntil: rule.repeat === 'every' && rule.cooldownSeconds > 0 ? nowSec + rule.cooldownSeconds : null,
      lastFiredAt: nowSec,
      fireCount: state.fireCount + 1,
    },
  };
}

/** The status the API shows. */
export function alertStatus(enabled: boolean, state: ArmState | null, nowSec: number): AlertStatus {
  if (!enabled) return 'disabled';
  if (state?.done) return 'done';
  if (state?.cooldownUntil != null && nowSec < state.cooldownUntil) return 'cooldown';
  if (!state || state.armed === null) return 'pending';
  return state.armed ? 'armed' : 'rearming';
}

/** The alert's first arm state: known for tick-only conditions when a latest price exists. */
export function initialArmed(condition: Alert['condition'], latest: Tick | undefined): boolean | null {
  if (!latest) return null;
  const seen = observeTick(condition, latest);
  return seen && seen.holds !== null ? !seen.holds : null;
}
