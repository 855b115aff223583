// The alert form as plain data: what the inputs hold, the request body they make, and which input
// each of the API's field errors (`condition.value`, `webhookUrl`, …) belongs to.
import type { Alert, AlertCondition, AlertConditionType, MarketHours, WebhookFormat } from '@tickstream/shared';
import type { AlertBody } from '../api/alerts.ts';

export const CONDITION_LABELS: Record<AlertConditionType, string> = {
  price_above: 'Price crosses above',
  price_below: 'Price crosses below',
  change_percent_above: 'Day change % rises above',
  change_percent_below: 'Day change % falls below',
  move_percent: 'Moves % within minutes',
  sma_cross_above: 'Price crosses above SMA',
  sma_cross_below: 'Price crosses below SMA',
};

export interface AlertFormValues {
  type: AlertConditionType;
  /** the level, or the percent */
  value: string;
  windowMinutes: string;
  direction: 'up' | 'down' | 'either';
  period: string;
  interval: '1m' | '1h' | '1d';
  repeat: 'once' | 'every';
  cooldownMinutes: string;
  /** '' = the server's default for the symbol */
  marketHours: MarketHours | '';
  note: string;
  webhookUrl: string;
  webhookFormat: WebhookFormat;
}

export const FIELDS = ['type', 'value', 'windowMinutes', 'direction', 'period', 'interval', 'repeat', 'cooldownMinutes', 'marketHours', 'note', 'webhookUrl', 'webhookFormat'] as const;
export type AlertField = (typeof FIELDS)[number];
export type AlertFormErrors = Partial<Record<AlertField | 'form', string>>;

const trimNumber = (n: number) => String(Number(n.toFixed(n < 1 ? 4 : 2)));

/** A new alert's form; the level starts at the current price (rounded like the quote) when known. */
export function emptyForm(price: number | null = null): AlertFormValues {
  return {
    type: 'price_above',
    value: price === null ? '' : trimNumber(price),
    windowMinutes: '15',
    direction: 'either',
    period: '50',
    interval: '1d',
    repeat: 'once',
    cooldownMinutes: '0',
    marketHours: '',
    note: '',
    webhookUrl: '',
    webhookFormat: 'generic',
  };
}

export function formFrom(a: Alert): AlertFormValues {
  const c = a.condition;
  const base = emptyForm();
  return {
    ...base,
    type: c.type,
    value: 'value' in c ? String(c.value) : base.value,
    windowMinutes: c.type === 'move_percent' ? String(c.windowMinutes) : base.windowMinutes,
    direction: c.type === 'move_percent' ? c.direction : base.direction,
    period: 'period' in c ? String(c.period) : base.period,
    interval: 'interval' in c ? c.interval : base.interval,
    repeat: a.repeat,
    cooldownMinutes: String(a.cooldownSeconds / 60),
    marketHours: a.marketHours,
    note: a.note ?? '',
    webhookUrl: a.webhookUrl ?? '',
    webhookFormat: a.webhookFormat,
  };
}

/** A typed number as a JSON number; what is not one goes as typed, so the server names the field. */
function num(raw: string): number {
  const t = raw.trim();
  return (t !== '' && Number.isFinite(Number(t)) ? Number(t) : t) as number;
}

export function conditionOf(v: AlertFormValues): AlertCondition {
  switch (v.type) {
    case 'move_percent':
      return { type: v.type, value: num(v.value), windowMinutes: num(v.windowMinutes), direction: v.direction };
    case 'sma_cross_above':
    case 'sma_cross_below':
      return { type: v.type, period: num(v.period), interval: v.interval };
    default:
      return { type: v.type, value: num(v.value) };
  }
}

export function requestBody(v: AlertFormValues, symbol?: string): AlertBody {
  const cooldown = num(v.cooldownMinutes === '' ? '0' : v.cooldownMinutes);
  return {
    ...(symbol !== undefined ? { symbol } : {}),
    condition: conditionOf(v),
    repeat: v.repeat,
    cooldownSeconds: typeof cooldown === 'number' ? Math.round(cooldown * 60) : cooldown,
    ...(v.marketHours !== '' ? { marketHours: v.marketHours } : {}),
    note: v.note.trim(),
    webhookUrl: v.webhookUrl.trim() === '' ? null : v.webhookUrl.trim(),
    webhookFormat: v.webhookFormat,
  };
}

const API_FIELD: Record<string, AlertField> = { cooldownSeconds: 'cooldownMinutes', condition: 'type', 'condition.type': 'type' };

/** Field messages for display next to each input; anything not tied to an input goes to `form`. */
export function fieldErrors(fields: Readonly<Record<string, string>>, fallback: string): AlertFormErrors {
  const out: AlertFormErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const nested = key.startsWith('condition.') ? key.slice('condition.'.length) : key;
    const field = API_FIELD[key] ?? ((FIELDS as readonly string[]).includes(nested) ? (nested as AlertField) : undefined);
    if (field) out[field] ??= message;
    else out.form ??= `${key}: ${message}`;
  }
  if (Object.keys(out).length === 0) out.form = fallback;
  return out;
}
