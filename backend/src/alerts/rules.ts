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

/**
 * The same, written into one reused object on the evaluator's hot path (an object per alert per
 * tick was most of a poll's garbage); `observed` is NaN when the condition compares no figure.
 */
export interface Seen {
  holds: boolean | null;
  observed: number;
}

type SmaCondition = Extract<AlertCondition, { type: 'sma_cross_above' | 'sma_cross_below' }>;
type MoveCondition = Extract<AlertCondition, { type: 'move_percent' }>;

/** Judges a condition from the tick alone into `out`; false (out untouched) for the ones that need history. */
export function judgeTick(condition: AlertCondition, tick: Tick, out: Seen): boolean {
  switch (condition.type) {
    case 'price_above':
      out.holds = tick.price > condition.value;
      out.observed = Number.NaN;
      return true;
    case 'price_below':
      out.holds = tick.price < condition.value;
      out.observed = Number.NaN;
      return true;
    case 'change_percent_above':
    case 'change_percent_below': {
      const pct = dayChangePercent(tick);
      out.holds = pct === null ? null : condition.type === 'change_percent_above' ? pct > condition.value : pct < condition.value;
      out.observed = pct ?? Number.NaN;
      return true;
    }
    default:
      return false;
  }
}

/** Conditions judged from the tick alone; null for the ones that need history (move, SMA). */
export function observeTick(condition: AlertCondition, tick: Tick): Observation | null {
  const out: Seen = { holds: null, observed: Number.NaN };
  if (!judgeTick(condition, tick, out)) return null;
  return { holds: out.holds, observed: Number.isNaN(out.observed) ? null : out.observed };
}

/** The price against an SMA value (NaN while the SMA has too few candles: cannot tell). */
export function judgeSma(condition: SmaCondition, price: number, sma: number, out: Seen): void {
  out.holds = Number.isNaN(sma) ? null : condition.type === 'sma_cross_above' ? price > sma : price < sma;
  out.observed = sma;
}

/** The move (percent) from the window's low up to the price and from its high down (negative) against the threshold. */
export function judgeMove(condition: MoveCondition, up: number, down: number, out: Seen): void {
  const { value, direction } = condition;
  const fall = -down;
  const size = direction === 'up' ? up : direction === 'down' ? fall : Math.max(up, fall);
  out.holds = size >= value;
  out.observed = direction === 'up' || (direction === 'either' && up >= fall) ? up : down;
}

/**
 * One observation through the arm state: the next state, the same object when nothing changed (no
 * allocation per tick). Fires only when the condition was false at the last usable tick (armed) and
 * is true now; a crossing inside the cooldown is used up without firing. See fired().
 */
export function step(state: ArmState, holds: boolean | null, nowSec: number, rule: { repeat: 'once' | 'every'; cooldownSeconds: number }): ArmState {
  if (holds === null || state.done) return state;
  if (!holds) return state.armed === true ? state : { ...state, armed: true };
  if (state.armed !== true) return state.armed === false ? state : { ...state, armed: false };
  if (state.cooldownUntil !== null && nowSec < state.cooldownUntil) return { ...state, armed: false };
  return {
    armed: false,
    done: rule.repeat === 'once',
    cooldownUntil: rule.repeat === 'every' && rule.cooldownSeconds > 0 ? nowSec + rule.cooldownSeconds : null,
    lastFiredAt: nowSec,
    fireCount: state.fireCount + 1,
  };
}

/** Whether a step fired: a firing, and only a firing, counts. */
export function fired(before: ArmState, after: ArmState): boolean {
  return after.fireCount > before.fireCount;
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
