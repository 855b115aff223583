import { describe, expect, it } from 'vitest';
import { makeAlert as alert } from './fakes.ts';
import { chartLevels, describeCondition, describeEvent, statusOf } from './describe.ts';

describe('describeCondition', () => {
  it('says each kind of condition in words', () => {
    expect(describeCondition({ type: 'price_above', value: 201.5 }, 'en-US')).toBe('Price crosses above 201.50');
    expect(describeCondition({ type: 'price_below', value: 0.123456 }, 'en-US')).toBe('Price crosses below 0.123456');
    expect(describeCondition({ type: 'change_percent_below', value: -5 }, 'en-US')).toBe('Day change falls below −5.00 %');
    expect(describeCondition({ type: 'change_percent_above', value: 3 }, 'en-US')).toBe('Day change rises above +3.00 %');
    expect(describeCondition({ type: 'move_percent', value: 2, windowMinutes: 15, direction: 'down' }, 'en-US')).toBe('Moves down 2 % or more within 15 min');
    expect(describeCondition({ type: 'move_percent', value: 2.5, windowMinutes: 5, direction: 'either' }, 'en-US')).toBe('Moves 2.50 % or more within 5 min');
    expect(describeCondition({ type: 'sma_cross_above', period: 50, interval: '1d' })).toBe('Price crosses above its SMA(50) of 1d candles');
  });
});

describe('statusOf', () => {
  it('groups the server statuses into armed, disarmed and disabled', () => {
    expect(statusOf(alert({ status: 'armed' }), 0).group).toBe('armed');
    expect(statusOf(alert({ status: 'pending' }), 0).group).toBe('armed');
    expect(statusOf(alert({ status: 'rearming' }), 0)).toMatchObject({ group: 'armed', label: 'Re-arming' });
    expect(statusOf(alert({ status: 'done' }), 0)).toMatchObject({ group: 'disarmed', label: 'Disarmed' });
    expect(statusOf(alert({ status: 'disabled', enabled: false }), 0).group).toBe('disabled');
  });

  it('says how long a cooldown has left', () => {
    expect(statusOf(alert({ status: 'cooldown', cooldownUntil: 1000 }), 1000 - 150).detail).toBe('for 3 more min');
  });
});

describe('describeEvent', () => {
  it('names the symbol and the triggering price, then the condition and the note', () => {
    const e = describeEvent({ symbol: 'NVDA', price: 120.37, condition: { type: 'price_above', value: 120 }, note: 'take profit' }, 'en-US');
    expect(e).toEqual({ title: 'NVDA at 120.37', body: 'price crosses above 120.00 — take profit' });
  });
});

describe('chartLevels', () => {
  it('draws enabled price-level alerts that can still fire, and nothing else', () => {
    const levels = chartLevels(
      [
        alert({ id: 1, note: 'take profit' }),
        alert({ id: 2, condition: { type: 'price_below', value: 190 }, status: 'rearming' }),
        alert({ id: 3, status: 'done' }),
        alert({ id: 4, enabled: false, status: 'disabled' }),
        alert({ id: 5, condition: { type: 'change_percent_above', value: 5 } }),
      ],
    );
    expect(levels).toEqual([
      { id: 'alert-1', price: 200, title: '▲ alert: take profit' },
      { id: 'alert-2', price: 190, title: '▼ alert' },
    ]);
  });
});
