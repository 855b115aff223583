// Evaluates every enabled alert against the new ticks of a poll. Alerts are indexed by symbol, so a
// tick costs O(alerts on its symbol); SMA trackers are shared by the alerts that use the same
// symbol, interval and period. State lives here between ticks; the engine persists what changed.
// A poll allocates nothing per alert unless its state changes (GC pauses inside a poll were its p99).
import type { Tick } from '@tickstream/shared';
import type { ArmState, StateWrite, StoredAlert } from '../store/types.ts';
import { FRESH_STATE, fired, judgeMove, judgeSma, judgeTick, marketAllows, step, usablePrice, type Seen } from './rules.ts';
import { MoveWindow } from './move-window.ts';
import { SmaTracker, type SmaInterval } from './sma.ts';

interface Compiled {
  alert: StoredAlert;
  state: ArmState;
  /** time of the newest tick judged: older or equal ones are never judged again */
  lastTime: number;
  move: MoveWindow | null;
  sma: SmaTracker | null;
  /** the condition, compiled once per load: one monomorphic closure per alert on the hot path */
  judge: (tick: Tick, out: Seen) => void;
  /** the evaluate() round in which its state last changed (lists each changed alert once) */
  changedIn: number;
}

export interface Firing {
  alert: StoredAlert;
  tick: Tick;
  observed: number | null;
  state: StateWrite;
}

export interface Evaluation {
  firings: Firing[];
  /** the final state of every alert whose state changed, fired ones included */
  states: StateWrite[];
}

export interface SmaSeed {
  symbol: string;
  interval: SmaInterval;
  tracker: SmaTracker;
}

const smaKey = (symbol: string, interval: string, period: number) => `${symbol}|${interval}|${period}`;
const NO_TRACKERS: readonly SmaTracker[] = [];
// The one observation every judge writes into (evaluate() is synchronous and reads it at once).
const seen: Seen = { holds: null, observed: Number.NaN };

const inTimeOrder = (ticks: readonly Tick[]) => {
  for (let i = 1; i < ticks.length; i++) if ((ticks[i] as Tick).time < (ticks[i - 1] as Tick).time) return false;
  return true;
};

export class Evaluator {
  private bySymbol = new Map<string, Compiled[]>();
  private trackers = new Map<string, SmaTracker>();
  private trackersBySymbol = new Map<string, SmaTracker[]>();
  private unseeded: SmaSeed[] = [];
  private round = 0;

  /** Replaces the alert set; alerts whose revision is unchanged keep their in-memory state. */
  load(alerts: readonly StoredAlert[]): void {
    const previous = new Map<number, Compiled>();
    for (const list of this.bySymbol.values()) for (const c of list) previous.set(c.alert.id, c);
    const trackers = new Map<string, SmaTracker>();
    this.bySymbol = new Map();
    this.unseeded = [];
    for (const alert of alerts) {
      if (!alert.enabled) continue;
      const old = previous.get(alert.id);
      const same = old !== undefined && old.alert.revision === alert.revision && old.alert.symbol === alert.symbol;
      const c = alert.condition;
      let sma: SmaTracker | null = null;
      if (c.type === 'sma_cross_above' || c.type === 'sma_cross_below') {
        const key = smaKey(alert.symbol, c.interval, c.period);
        const known = trackers.get(key);
        sma = known ?? this.trackers.get(key) ?? new SmaTracker(c.interval, c.period);
        // New, or its last read of the stored candles failed: (re)seed it.
        if (!known && !sma.seeded && !sma.seeding) this.unseeded.push({ symbol: alert.symbol, interval: c.interval, tracker: sma });
        trackers.set(key, sma);
      }
      const move = same ? old.move : c.type === 'move_percent' ? new MoveWindow(c.windowMinutes) : null;
      const compiled: Compiled = {
        alert,
        state: same ? old.state : (alert.state ?? FRESH_STATE),
        lastTime: same ? old.lastTime : Number.NEGATIVE_INFINITY,
        move,
        sma,
        judge: compileJudge(alert, move, sma),
        changedIn: 0,
      };
      const list = this.bySymbol.get(alert.symbol);
      if (list) list.push(compiled);
      else this.bySymbol.set(alert.symbol, [compiled]);
    }
    this.trackers = trackers;
    this.trackersBySymbol = new Map();
    for (const [key, tracker] of trackers) {
      const symbol = key.slice(0, key.indexOf('|'));
      this.trackersBySymbol.set(symbol, [...(this.trackersBySymbol.get(symbol) ?? []), tracker]);
    }
  }

  /** SMA trackers created since the last call: the engine seeds them from stored candles. */
  takeSmaSeeds(): SmaSeed[] {
    const out = this.unseeded;
    this.unseeded = [];
    return out;
  }

  size(): number {
    let n = 0;
    for (const list of this.bySymbol.values()) n += list.length;
    return n;
  }

  evaluate(ticks: readonly Tick[], nowMs: number): Evaluation {
    const nowSec = Math.floor(nowMs / 1000);
    const round = ++this.round;
    const firings: Firing[] = [];
    const changed: Compiled[] = [];
    // a stable sort: ticks already in time order (the usual poll) keep their order without a copy
    const ordered = inTimeOrder(ticks) ? ticks : [...ticks].sort((a, b) => a.time - b.time);
    for (const tick of ordered) {
      if (!usablePrice(tick)) continue;
      for (const tracker of this.trackersBySymbol.get(tick.symbol) ?? NO_TRACKERS) tracker.onTick(tick.time, tick.price);
      const alerts = this.bySymbol.get(tick.symbol);
      if (!alerts) continue;
      for (const c of alerts) {
        if (tick.time <= c.lastTime || !marketAllows(c.alert.marketHours, tick.marketState)) continue;
        c.lastTime = tick.time;
        c.judge(tick, seen);
        const next = step(c.state, seen.holds, nowSec, c.alert);
        if (next === c.state) continue;
        const fire = fired(c.state, next);
        c.state = next;
        if (c.changedIn !== round) {
          c.changedIn = round;
          changed.push(c);
        }
        if (fire) firings.push({ alert: c.alert, tick, observed: Number.isNaN(seen.observed) ? null : seen.observed, state: stateWrite(c) });
      }
    }
    return { firings, states: changed.map(stateWrite) };
  }
}

function stateWrite(c: Compiled): StateWrite {
  return { alertId: c.alert.id, revision: c.alert.revision, ...c.state };
}

/** The condition as a closure over its own parts (its window or SMA tracker), writing into `out`. */
function compileJudge(alert: StoredAlert, move: MoveWindow | null, sma: SmaTracker | null): (tick: Tick, out: Seen) => void {
  const condition = alert.condition;
  if ((condition.type === 'sma_cross_above' || condition.type === 'sma_cross_below') && sma) {
    return (tick, out) => judgeSma(condition, tick.price, sma.value(), out);
  }
  if (condition.type === 'move_percent' && move) {
    return (tick, out) => {
      const known = move.observe(tick.time, tick.price);
      move.add(tick.time, tick.price);
      if (known) judgeMove(condition, move.up, move.down, out);
      else {
        // nothing in the window yet: no move, so the condition is false (it arms)
        out.holds = false;
        out.observed = Number.NaN;
      }
    };
  }
  return (tick, out) => {
    if (judgeTick(condition, tick, out)) return;
    out.holds = null;
    out.observed = Number.NaN;
  };
}
