// Test data shared by the backend's and the browser's tests (not used by the app): the one place
// that says what a plain alert looks like, so a stored alert and an API alert in tests agree.
import type { Alert } from '../alerts.ts';

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
