// Price alerts wire contract: what /api/alerts accepts and returns, the fired event (REST and the
// live `alert` message). Times follow the wire rule: unix seconds, unless the name ends in `Ms`.
import * as z from 'zod/mini';
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
  .check(z.positive('must be greater than zero'), z.lte(1e12, 'must be less than 1e12'), z.describe('price level, in the quote currency'));
const percent = z
  .number('must be a number')
  .check(z.gte(-ALERT_LIMITS.maxPercent), z.lte(ALERT_LIMITS.maxPercent), z.describe('percent: 5 means 5 %'));
export const SMA_INTERVALS = ['1m', '1h', '1d'] as const;
const smaFields = {
  period: z
    .number()
    .check(z.int('must be a whole number'), z.gte(ALERT_LIMITS.minSmaPeriod), z.lte(ALERT_LIMITS.maxSmaPeriod), z.describe('candles averaged')),
  interval: z.enum(SMA_INTERVALS).check(z.describe('candle width the SMA is taken over (completed candles)')),
};

/**
 * What makes an alert fire. Every condition fires on the crossing (false on the previous tick
 * seen, true on this one), never merely while it holds.
 */
export const alertConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('price_above'), value: level }).check(z.describe('the price crosses above value')),
  z.object({ type: z.literal('price_below'), value: level }).check(z.describe('the price crosses below value')),
  z.object({ type: z.literal('change_percent_above'), value: percent }).check(z.describe('the day change % (against the previous close) crosses above value')),
  z.object({ type: z.literal('change_percent_below'), value: percent }).check(z.describe('the day change % crosses below value (-5: down 5 % today)')),
  z
    .object({
      type: z.literal('move_percent'),
      value: z.number().check(z.positive(), z.lte(ALERT_LIMITS.maxPercent), z.describe('size of the move in percent')),
      windowMinutes: z.number().check(z.int('must be a whole number'), z.gte(1), z.lte(ALERT_LIMITS.maxWindowMinutes)),
      direction: z._default(z.enum(['up', 'down', 'either']), 'either'),
    })
    .check(z.describe('the price moves by value % or more against any tick of the last windowMinutes')),
  z.object({ type: z.literal('sma_cross_above'), ...smaFields }).check(z.describe('the price crosses above the SMA(period) of interval candles')),
  z.object({ type: z.literal('sma_cross_below'), ...smaFields }).check(z.describe('the price crosses below the SMA(period) of interval candles')),
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
  .pipe(
    z.string('must be a URL'),
    z.transform((raw: string, ctx) => {
      const checked = checkWebhookUrl(raw.trim());
      if (checked.ok) return checked.url;
      ctx.issues.push({ code: 'custom', message: checked.message, input: raw });
      return z.NEVER;
    }),
  )
  .check(z.describe('http(s) URL; link-local and cloud metadata addresses are refused. null: ALERT_WEBHOOK_URL, if set'));

const cooldownSeconds = z
  .number()
  .check(
    z.int('must be a whole number'),
    z.gte(0),
    z.lte(ALERT_LIMITS.maxCooldownSeconds),
    z.describe('repeat "every": after firing, at least this long before it fires again (besides crossing back)'),
  );

const fields = {
  condition: alertConditionSchema,
  repeat: z.enum(ALERT_REPEATS).check(z.describe('once: disarmed after firing; every: re-armed when the value crosses back')),
  cooldownSeconds,
  marketHours: z.enum(MARKET_HOURS).check(z.describe('which market states the alert looks at')),
  enabled: z.boolean(),
  note: noteSchema,
  webhookUrl: z.nullable(webhookUrlSchema),
  webhookFormat: z.enum(WEBHOOK_FORMATS).check(z.describe('body shape: generic (signed JSON), ntfy, discord or slack')),
};

/** POST /api/alerts. Only symbol and condition are required. */
export const alertInputSchema = z.object({
  symbol: required(symbolSchema),
  condition: required(alertConditionSchema),
  repeat: z._default(fields.repeat, 'once'),
  cooldownSeconds: z._default(cooldownSeconds, 0),
  marketHours: z.optional(fields.marketHours).check(z.describe('default: regular for equities, any for -USD, =X and =F symbols')),
  enabled: z._default(z.boolean(), true),
  note: z.optional(noteSchema),
  webhookUrl: z.optional(fields.webhookUrl),
  webhookFormat: z._default(fields.webhookFormat, 'generic'),
});
export type AlertInput = z.infer<typeof alertInputSchema>;

/** PATCH /api/alerts/:id: any subset (at least one). A new symbol or condition re-arms the alert. */
export const alertPatchSchema = z
  .object({
    symbol: z.optional(symbolSchema),
    condition: z.optional(fields.condition),
    repeat: z.optional(fields.repeat),
    cooldownSeconds: z.optional(cooldownSeconds),
    marketHours: z.optional(fields.marketHours),
    enabled: z.optional(fields.enabled),
    note: z.optional(noteSchema),
    webhookUrl: z.optional(fields.webhookUrl),
    webhookFormat: z.optional(fields.webhookFormat),
  })
  .check(z.refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'give at least one field to change' }));
export type AlertPatch = z.infer<typeof alertPatchSchema>;

/**
 * pending: no price seen since created or edited; armed: waiting for the crossing; rearming: the
 * value is past the level (created so, or fired with repeat "every") and must cross back first;
 * cooldown: armed again but cooldownUntil not reached; done: repeat "once" fired; disabled.
 */
export const ALERT_STATUSES = ['pending', 'armed', 'rearming', 'cooldown', 'done', 'disabled'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const alertSchema = z.object({
  id: z.int().check(z.positive()),
  symbol: z.string(),
  condition: alertConditionSchema,
  repeat: fields.repeat,
  cooldownSeconds: z.int(),
  marketHours: fields.marketHours,
  enabled: z.boolean(),
  note: z.nullable(z.string()),
  webhookUrl: z.nullable(z.string()).check(z.describe('null: the default ALERT_WEBHOOK_URL (if set)')),
  webhookFormat: fields.webhookFormat,
  status: z.enum(ALERT_STATUSES),
  cooldownUntil: z.nullable(z.number()).check(z.describe('unix seconds; set while in cooldown')),
  lastFiredAt: z.nullable(z.number()).check(z.describe('unix seconds of the last firing')),
  fireCount: z.int().check(z.nonnegative()),
  createdAt: z.number().check(z.describe('unix seconds')),
  updatedAt: z.number().check(z.describe('unix seconds')),
});
export type Alert = z.infer<typeof alertSchema>;

export const DELIVERY_OUTCOMES = ['delivered', 'http_error', 'timeout', 'network_error', 'refused'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One POST to a webhook. */
export const deliveryAttemptSchema = z.object({
  attempt: z.int().check(z.positive(), z.describe('1 for the first try')),
  atMs: z.number().check(z.describe('unix ms the attempt started')),
  outcome: z.enum(DELIVERY_OUTCOMES).check(z.describe('refused: the URL or its address is not allowed (never retried)')),
  httpStatus: z.nullable(z.int()),
  error: z.nullable(z.string()),
  durationMs: z.number().check(z.nonnegative()),
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

/** none: no webhook; pending: not delivered yet (or retrying); delivered; failed: gave up. */
export const DELIVERY_STATES = ['none', 'pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A firing, stored once per alert and triggering tick. */
export const alertEventSchema = z.object({
  id: z.int().check(z.positive(), z.describe('event id, increasing: the cursor of GET /api/alerts/events')),
  alertId: z.int().check(z.positive()),
  symbol: z.string(),
  condition: alertConditionSchema.check(z.describe('the condition as it was when it fired')),
  note: z.nullable(z.string()),
  price: z.number().check(z.describe('the triggering tick price')),
  /** what the condition compared, besides the price: day change %, move %, or the SMA; null for price levels */
  observed: z.nullable(z.number()),
  tickTime: z.int().check(z.describe("unix seconds: the triggering tick's time")),
  firedAtMs: z.number().check(z.describe('unix ms the server stored the firing')),
  delivery: z.enum(DELIVERY_STATES),
  attempts: z.array(deliveryAttemptSchema),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const alertsResponseSchema = z.object({
  alerts: z.array(alertSchema),
  /** MAX_ALERTS */
  max: z.int().check(z.positive()),
});
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;

/**
 * GET /api/alerts/events. Without `since`: the newest `limit` events, newest first (the history;
 * page back with `before`). With `since` (an event id): the events after it, oldest first (to follow).
 */
export const alertEventsQuerySchema = z.object({
  since: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
  before: z.optional(z.coerce.number().check(z.int(), z.positive())),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(ALERT_LIMITS.maxEventsLimit)), ALERT_LIMITS.defaultEventsLimit),
  alertId: z.optional(z.coerce.number().check(z.int(), z.positive())),
});
export type AlertEventsQuery = z.infer<typeof alertEventsQuerySchema>;

export const alertEventsResponseSchema = z.object({
  events: z.array(alertEventSchema),
  /** the newest event id stored (any alert), null when none: a client's unread count starts here */
  latestId: z.nullable(z.int()),
});
export type AlertEventsResponse = z.infer<typeof alertEventsResponseSchema>;

/** POST /api/alerts/:id/test: one delivery of a test body to the alert's webhook, not retried. */
export const alertTestResponseSchema = z.object({
  delivered: z.boolean(),
  url: z.string().check(z.describe('where it was sent: the alert webhookUrl, or "(ALERT_WEBHOOK_URL)" for the default, which is never shown')),
  attempt: deliveryAttemptSchema,
});
export type AlertTestResponse = z.infer<typeof alertTestResponseSchema>;
