// Price alerts wire contract: what /api/alerts accepts and returns, the fired event (REST and the
// live `alert` message). Times follow the wire rule: unix seconds, unless the name ends in `Ms`.
import { z } from 'zod';
import { symbolSchema } from './market.ts';
import { noteSchema, required } from './portfolio.ts';
import { checkWebhookUrl } from './webhook-url.ts';

export const ALERT_LIMITS = {
  /** SMA length in candles */
  minSmaPeriod: 2,
  maxSmaPeriod: 500,
  /** move_percent window */
  maxWindowMinutes: 1440,
  maxCooldownSeconds: 30 * 86_400,
  /** percent thresholds, both ways */
  maxPercent: 10_000,
  /** events per page of GET /api/alerts/events */
  defaultEventsLimit: 100,
  maxEventsLimit: 500,
} as const;

const level = z
  .number('must be a number')
  .finite('must be a finite number')
  .positive('must be greater than zero')
  .max(1e12, 'must be less than 1e12')
  .describe('price level, in the quote currency');
const percent = z
  .number('must be a number')
  .finite('must be a finite number')
  .min(-ALERT_LIMITS.maxPercent)
  .max(ALERT_LIMITS.maxPercent)
  .describe('percent: 5 means 5 %');
export const SMA_INTERVALS = ['1m', '1h', '1d'] as const;
const smaFields = {
  period: z.number().int('must be a whole number').min(ALERT_LIMITS.minSmaPeriod).max(ALERT_LIMITS.maxSmaPeriod).describe('candles averaged'),
  interval: z.enum(SMA_INTERVALS).describe('candle width the SMA is taken over (completed candles)'),
};

/**
 * What makes an alert fire. Every condition fires on the crossing (false on the previous tick
 * seen, true on this one), never merely while it holds.
 */
export const alertConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('price_above'), value: level }).describe('the price crosses above value'),
  z.object({ type: z.literal('price_below'), value: level }).describe('the price crosses below value'),
  z.object({ type: z.literal('change_percent_above'), value: percent }).describe("the day change % (against the previous close) crosses above value"),
  z.object({ type: z.literal('change_percent_below'), value: percent }).describe('the day change % crosses below value (-5: down 5 % today)'),
  z
    .object({
      type: z.literal('move_percent'),
      value: z.number().finite().positive().max(ALERT_LIMITS.maxPercent).describe('size of the move in percent'),
      windowMinutes: z.number().int('must be a whole number').min(1).max(ALERT_LIMITS.maxWindowMinutes),
      direction: z.enum(['up', 'down', 'either']).default('either'),
    })
    .describe('the price moves by value % or more against any tick of the last windowMinutes'),
  z.object({ type: z.literal('sma_cross_above'), ...smaFields }).describe('the price crosses above the SMA(period) of interval candles'),
  z.object({ type: z.literal('sma_cross_below'), ...smaFields }).describe('the price crosses below the SMA(period) of interval candles'),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;
export type AlertConditionType = AlertCondition['type'];

export const ALERT_REPEATS = ['once', 'every'] as const;
/** Which ticks an alert looks at: REGULAR only, PRE/REGULAR/POST, or any (CLOSED too). */
export const MARKET_HOURS = ['regular', 'extended', 'any'] as const;
export type MarketHours = (typeof MARKET_HOURS)[number];
export const WEBHOOK_FORMATS = ['generic', 'ntfy', 'discord', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Crypto pairs, currencies and futures trade around the clock: `any`; equities: `regular`. */
export function defaultMarketHours(symbol: string): MarketHours {
  return /-USD$|=X$|=F$/.test(symbol) ? 'any' : 'regular';
}

export const webhookUrlSchema = z
  .string('must be a URL')
  .transform((raw, ctx) => {
    const checked = checkWebhookUrl(raw.trim());
    if (checked.ok) return checked.url;
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  })
  .describe('http(s) URL; link-local and cloud metadata addresses are refused. null: ALERT_WEBHOOK_URL, if set');

const cooldownSeconds = z
  .number()
  .int('must be a whole number')
  .min(0)
  .max(ALERT_LIMITS.maxCooldownSeconds)
  .describe('repeat "every": after firing, at least this long before it fires again (besides crossing back)');

const fields = {
  condition: alertConditionSchema,
  repeat: z.enum(ALERT_REPEATS).describe('once: disarmed after firing; every: re-armed when the value crosses back'),
  cooldownSeconds,
  marketHours: z.enum(MARKET_HOURS).describe('which market states the alert looks at'),
  enabled: z.boolean(),
  note: noteSchema,
  webhookUrl: webhookUrlSchema.nullable(),
  webhookFormat: z.enum(WEBHOOK_FORMATS).describe('body shape: generic (signed JSON), ntfy, discord or slack'),
};

/** POST /api/alerts. Only symbol and condition are required. */
export const alertInputSchema = z.object({
  symbol: required(symbolSchema),
  condition: required(alertConditionSchema),
  repeat: fields.repeat.default('once'),
  cooldownSeconds: cooldownSeconds.default(0),
  marketHours: fields.marketHours.optional().describe('default: regular for equities, any for -USD, =X and =F symbols'),
  enabled: z.boolean().default(true),
  note: noteSchema.optional(),
  webhookUrl: fields.webhookUrl.optional(),
  webhookFormat: fields.webhookFormat.default('generic'),
});
export type AlertInput = z.infer<typeof alertInputSchema>;

/** PATCH /api/alerts/:id: any subset (at least one). A new symbol or condition re-arms the alert. */
export const alertPatchSchema = z
  .object({
    symbol: symbolSchema.optional(),
    condition: fields.condition.optional(),
    repeat: fields.repeat.optional(),
    cooldownSeconds: cooldownSeconds.optional(),
    marketHours: fields.marketHours.optional(),
    enabled: fields.enabled.optional(),
    note: noteSchema.optional(),
    webhookUrl: fields.webhookUrl.optional(),
    webhookFormat: fields.webhookFormat.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'give at least one field to change' });
export type AlertPatch = z.infer<typeof alertPatchSchema>;

/**
 * pending: no price seen since created or edited; armed: waiting for the crossing; rearming: the
 * value is past the level (created so, or fired with repeat "every") and must cross back first;
 * cooldown: armed again but cooldownUntil not reached; done: repeat "once" fired; disabled.
 */
export const ALERT_STATUSES = ['pending', 'armed', 'rearming', 'cooldown', 'done', 'disabled'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const alertSchema = z.object({
  id: z.number().int().positive(),
  symbol: z.string(),
  condition: alertConditionSchema,
  repeat: fields.repeat,
  cooldownSeconds: z.number().int(),
  marketHours: fields.marketHours,
  enabled: z.boolean(),
  note: z.string().nullable(),
  webhookUrl: z.string().nullable().describe('null: the default ALERT_WEBHOOK_URL (if set)'),
  webhookFormat: fields.webhookFormat,
  status: z.enum(ALERT_STATUSES),
  cooldownUntil: z.number().nullable().describe('unix seconds; set while in cooldown'),
  lastFiredAt: z.number().nullable().describe('unix seconds of the last firing'),
  fireCount: z.number().int().nonnegative(),
  createdAt: z.number().describe('unix seconds'),
  updatedAt: z.number().describe('unix seconds'),
});
export type Alert = z.infer<typeof alertSchema>;

export const DELIVERY_OUTCOMES = ['delivered', 'http_error', 'timeout', 'network_error', 'refused'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One POST to a webhook. */
export const deliveryAttemptSchema = z.object({
  attempt: z.number().int().positive().describe('1 for the first try'),
  atMs: z.number().describe('unix ms the attempt started'),
  outcome: z.enum(DELIVERY_OUTCOMES).describe('refused: the URL or its address is not allowed (never retried)'),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

/** none: no webhook; pending: not delivered yet (or retrying); delivered; failed: gave up. */
export const DELIVERY_STATES = ['none', 'pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A firing, stored once per alert and triggering tick. */
export const alertEventSchema = z.object({
  id: z.number().int().positive().describe('event id, increasing: the cursor of GET /api/alerts/events'),
  alertId: z.number().int().positive(),
  symbol: z.string(),
  condition: alertConditionSchema.describe('the condition as it was when it fired'),
  note: z.string().nullable(),
  price: z.number().describe('the triggering tick price'),
  /** what the condition compared, besides the price: day change %, move %, or the SMA; null for price levels */
  observed: z.number().nullable(),
  tickTime: z.number().int().describe("unix seconds: the triggering tick's time"),
  firedAtMs: z.number().describe('unix ms the server stored the firing'),
  delivery: z.enum(DELIVERY_STATES),
  attempts: z.array(deliveryAttemptSchema),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const alertsResponseSchema = z.object({
  alerts: z.array(alertSchema),
  /** MAX_ALERTS */
  max: z.number().int().positive(),
});
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;

/**
 * GET /api/alerts/events. Without `since`: the newest `limit` events, newest first (the history;
 * page back with `before`). With `since` (an event id): the events after it, oldest first (to follow).
 */
export const alertEventsQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(ALERT_LIMITS.maxEventsLimit).default(ALERT_LIMITS.defaultEventsLimit),
  alertId: z.coerce.number().int().positive().optional(),
});
export type AlertEventsQuery = z.infer<typeof alertEventsQuerySchema>;

export const alertEventsResponseSchema = z.object({
  events: z.array(alertEventSchema),
  /** the newest event id stored (any alert), null when none: a client's unread count starts here */
  latestId: z.number().int().nullable(),
});
export type AlertEventsResponse = z.infer<typeof alertEventsResponseSchema>;

/** POST /api/alerts/:id/test: one delivery of a test body to the alert's webhook, not retried. */
export const alertTestResponseSchema = z.object({
  delivered: z.boolean(),
  url: z.string().describe('where it was sent: the alert webhookUrl, or "(ALERT_WEBHOOK_URL)" for the default, which is never shown'),
  attempt: deliveryAttemptSchema,
});
export type AlertTestResponse = z.infer<typeof alertTestResponseSchema>;
