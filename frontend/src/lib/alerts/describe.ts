// Alerts in words: the condition, the status and a fired event, for lists, toasts and
// notifications. Locale defaults to the browser's; tests pass one.
import type { Alert, AlertCondition, AlertEvent, AlertStatus } from '@tickstream/shared';
import { formatDecimal, formatSigned } from '../format.ts';

/** A level as the user typed it (201.5 stays 201.50, 0.12345 keeps its digits). */
export function formatLevel(value: number, locale?: string): string {
  return formatDecimal(value, locale);
}

const pct = (v: number, locale?: string) => `${formatSigned(v, locale)} %`;

export function describeCondition(c: AlertCondition, locale?: string): string {
  switch (c.type) {
    case 'price_above':
      return `Price crosses above ${formatLevel(c.value, locale)}`;
    case 'price_below':
      return `Price crosses below ${formatLevel(c.value, locale)}`;
    case 'change_percent_above':
      return `Day change rises above ${pct(c.value, locale)}`;
    case 'change_percent_below':
      return `Day change falls below ${pct(c.value, locale)}`;
    case 'move_percent': {
      const way = c.direction === 'up' ? 'up ' : c.direction === 'down' ? 'down ' : '';
      return `Moves ${way}${formatLevel(c.value, locale).replace(/\.00$/, '')} % or more within ${c.windowMinutes} min`;
    }
    case 'sma_cross_above':
      return `Price crosses above its SMA(${c.period}) of ${c.interval} candles`;
    case 'sma_cross_below':
      return `Price crosses below its SMA(${c.period}) of ${c.interval} candles`;
  }
}

/** The three states a user thinks in, and the detail the server knows. */
export type StatusGroup = 'armed' | 'disarmed' | 'disabled';

export function statusOf(alert: Pick<Alert, 'status' | 'cooldownUntil'>, nowSeconds: number): { group: StatusGroup; label: string; detail: string } {
  const s: AlertStatus = alert.status;
  switch (s) {
    case 'armed':
      return { group: 'armed', label: 'Armed', detail: 'fires when the value crosses' };
    case 'pending':
      return { group: 'armed', label: 'Armed', detail: 'waiting for the first price' };
    case 'rearming':
      return { group: 'armed', label: 'Re-arming', detail: 'the value must cross back first' };
    case 'cooldown': {
      const left = alert.cooldownUntil === null ? null : Math.max(0, alert.cooldownUntil - nowSeconds);
      return { group: 'armed', label: 'Cooling down', detail: left === null ? 'cooldown' : `for ${Math.ceil(left / 60)} more min` };
    }
    case 'done':
      return { group: 'disarmed', label: 'Disarmed', detail: 'fired once' };
    case 'disabled':
      return { group: 'disabled', label: 'Disabled', detail: 'not evaluated' };
  }
}

/** "AAPL 201.63: price crosses above 201.50" — a toast's or notification's line. */
export function describeEvent(e: Pick<AlertEvent, 'symbol' | 'price' | 'condition' | 'note'>, locale?: string): { title: string; body: string } {
  const condition = describeCondition(e.condition, locale);
  const body = `${condition.charAt(0).toLowerCase()}${condition.slice(1)}${e.note ? ` — ${e.note}` : ''}`;
  return { title: `${e.symbol} at ${formatLevel(e.price, locale)}`, body };
}

/** The level an alert draws on the chart, if it is a fixed price. */
export function levelOf(c: AlertCondition): number | null {
  return c.type === 'price_above' || c.type === 'price_below' ? c.value : null;
}

/**
 * The chart's alert lines: enabled price-level alerts that can still fire (a "once" alert that
 * fired is disarmed and no longer drawn).
 */
export function chartLevels(alerts: readonly Alert[]): Array<{ id: string; price: number; title: string }> {
  const out: Array<{ id: string; price: number; title: string }> = [];
  for (const a of alerts) {
    const price = levelOf(a.condition);
    if (price === null || !a.enabled || a.status === 'done' || a.status === 'disabled') continue;
    out.push({ id: `alert-${a.id}`, price, title: `${a.condition.type === 'price_above' ? '▲' : '▼'} alert${a.note ? `: ${a.note.slice(0, 24)}` : ''}` });
  }
  return out;
}
