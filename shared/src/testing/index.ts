// Test data shared by the backend's and the browser's tests (not used by the app): the one place
// that says what a plain alert and a plain tick look like, so the suites' data agree.
import type { Alert } from '../alerts.ts';
import type { Tick } from '../market.ts';

/** A valid tick: AAPL at 100 USD, REGULAR session, from the simulated source, optional fields null. */
export function makeTick(overrides: Partial<Tick> = {}): Tick {
  return {
    symbol: 'AAPL',
    time: 1_700_000_000,
    price: 100,
    change: null,
    changePercent: null,
    previousClose: null,
    dayHigh: null,
    dayLow: null,
    dayVolume: null,
    marketState: 'REGULAR',
    currency: 'USD',
    source: 'simulated',
    ...overrides,
  };
}

export type AlertDefinition = Pick<
  Alert,
  'id' | 'symbol' | 'condition' | 'repeat' | 'cooldownSeconds' | 'marketHours' | 'enabled' | 'note' | 'webhookUrl' | 'webhookFormat'
>;

/** Alert 1 on AAPL: price above 200, once, regular hours, enabled, no note and no webhook. */
export function alertDefinition(overrides: Partial<AlertDefinition> = {}): AlertDefinition {
  return {
    id: 1,
    symbol: 'AAPL',
    condition: { type: 'price_above', value: 200 },
    repeat: 'once',
    cooldownSeconds: 0,
    marketHours: 'regular',
    enabled: true,
    note: null,
    webhookUrl: null,
    webhookFormat: 'generic',
    ...overrides,
  };
}
