// Evaluates every enabled alert against the new ticks of a poll. Alerts are indexed by symbol, so a
// tick costs O(alerts on its symbol); SMA trackers are shared by the alerts that use the same
// symbol, interval and period. State lives here between ticks; the engine persists what changed.
import type { Tick } from '@tickstream/shared';
import type { ArmState, StateWrite, StoredAlert } from '../store/types.ts';
import { FRESH_STATE, marketAllows, observeSma, observeTick, step, usablePrice, type Observation } from './rules.ts';
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
  judge: (tick: Tick) => Observation;
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

export class Evaluator {
  private bySymbol = new Map<string, Compiled[]>();
  private trackers = new Map<string, SmaTracker>();
  private trackersBySymbol = new Map<string, SmaTracker[]>();
  private unseeded: SmaSeed[] = [];

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
    const firings: Firing[] = [];
    const changed = new Map<number, Compiled>();
    const ordered = ticks.length > 1 ? [...ticks].sort((a, b) => a.time - b.time) : ticks;
    for (const tick of ordered) {
      if (!usablePrice(tick)) continue;
      for (const tracker of this.trackersBySymbol.get(tick.symbol) ?? []) tracker.onTick(tick.time, tick.price);
      const alerts = this.bySymbol.get(tick.symbol);
      if (!alerts) continue;
      for (const c of alerts) {
        if (tick.time <= c.lastTime || !marketAllows(c.alert.marketHours, tick.marketState)) continue;
        c.lastTime = tick.time;
        const seen = c.judge(tick);
        const next = step(c.state, seen.holds, nowSec, c.alert);
        if (next.state === c.state) continue;
        c.state = next.state;
        changed.set(c.alert.id, c);
        if (next.fire) firings.push({ alert: c.alert, tick, observed: seen.observed, state: stateWrite(c) });
      }
    }
    return { firings, states: [...changed.values()].map(stateWrite) };
  }
}

function stateWrite(c: Compiled): StateWrite {
  return { alertId: c.alert.id, revision: c.alert.revision, ...c.state };
}

/** The condition as a closure over its own parts (its window or SMA tracker). */
function compileJudge(alert: StoredAlert, move: MoveWindow | null, sma: SmaTracker | null): (tick: Tick) => Observation {
  const condition = alert.condition;
  if (condition.type === 'sma_cross_above' || condition.type === 'sma_cross_below') {
    return (tick) => observeSma(condition, tick.price, sma?.value() ?? null);
  }
  if (condition.type === 'move_percent' && move) {
    const { value, direction } = condition;
    return (tick) => {
      const m = move.moves(tick.time, tick.price);
      move.add(tick.time, tick.price);
      if (!m) return { holds: false, observed: null };
      const up = m.up;
      const down = -m.down;
      const size = direction === 'up' ? up : direction === 'down' ? down : Math.max(up, down);
      const observed = direction === 'up' || (direction === 'either' && up >= down) ? m.up : m.down;
      return { holds: size >= value, observed };
    };
  }
  if (condition.type === 'price_above') {
    const level = condition.value;
    return (tick) => ({ holds: tick.price > level, observed: null });
  }
  if (condition.type === 'price_below') {
    const level = condition.value;
    return (tick) => ({ holds: tick.price < level, observed: null });
  }
  return (tick) => observeTick(condition, tick) ?? { holds: null, observed: null };
}
