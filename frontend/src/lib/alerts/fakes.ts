// Test doubles shared by the alerts tests (and the watchlist's): a live connection the test drives, and alerts/events.
import type { Alert, AlertEvent, SourceStatus } from '@tickstream/shared';
import { alertDefinition } from '@tickstream/shared/testing';
import type { LiveListener } from '../live/socket.ts';

export function fakeConnection() {
  const listeners = new Set<LiveListener>();
  return {
    listen(l: LiveListener) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    emitAlert(e: AlertEvent) {
      for (const l of listeners) l.alert?.(e);
    },
    emitGap() {
      for (const l of listeners) l.gap?.();
    },
    emitSourceStatus(status: SourceStatus) {
      for (const l of listeners) l.sourceStatus?.(status);
    },
    emitWelcome() {
      for (const l of listeners) l.welcome?.({ epoch: 'e1', watchlist: [], serverTimeMs: 0 });
    },
    get listeners() {
      return listeners.size;
    },
  };
}

export function makeEvent(over: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: 1,
    alertId: 1,
    symbol: 'AAPL',
    condition: { type: 'price_above', value: 200 },
    note: null,
    price: 200.5,
    observed: null,
    tickTime: 1_700_000_000,
    firedAtMs: 1_700_000_000_000,
    delivery: 'pending',
    attempts: [],
    ...over,
  };
}

export function makeAlert(over: Partial<Alert> = {}): Alert {
  return {
    ...alertDefinition(),
    status: 'armed',
    cooldownUntil: null,
    lastFiredAt: null,
    fireCount: 0,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}
