// Turns raw /api/history query parameters into a typed request, or a 400 naming the bad one.
import { z } from 'zod';
import {
  INTERVALS,
  RANGES,
  RANGE_DEFAULT_INTERVAL,
  intervalSchema,
  rangeSchema,
  requestedAdjustmentSchema,
  symbolSchema,
  type Interval,
  type Range,
} from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';

export interface HistoryRequest {
  symbol: string;
  interval: Interval;
  /** unix seconds; absent = default window */
  from?: number;
  to?: number;
  /** a chart range ending now (never with from/to) */
  range?: Range;
  /** daily+ prices: split-adjusted (default) or split+dividend (Yahoo adjusted close) */
  adjust: 'split' | 'split-dividend';
}

/** Up to 9999-12-31T23:59:59Z; 13-digit millisecond values are refused rather than misread. */
const MAX_UNIX_SECONDS = 253_402_300_799;

const unixSeconds = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform(Number)
  .pipe(z.number().max(MAX_UNIX_SECONDS));

const isoTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => Math.floor(Date.parse(s) / 1000));

const timeSchema = z.string().trim().pipe(z.union([unixSeconds, isoTime]));

function parseTime(raw: unknown, name: 'from' | 'to'): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parsed = timeSchema.safeParse(raw);
  if (!parsed.success || !Number.isFinite(parsed.data)) {
    throw new BadRequestError(
      'INVALID_TIME',
      `${name} must be unix seconds or an ISO 8601 date/time with a timezone (e.g. 2024-05-01T13:30:00Z), got ${JSON.stringify(raw)}`,
    );
  }
  return parsed.data;
}

function parseRange(raw: unknown): Range | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parsed = rangeSchema.safeParse(raw);
  if (!parsed.success) throw new BadRequestError('INVALID_CHART_RANGE', `range must be one of ${RANGES.join(', ')}, got ${JSON.stringify(raw)}`);
  return parsed.data;
}

export function parseHistoryParams(query: Record<string, unknown>): HistoryRequest {
  if (query.symbol === undefined || query.symbol === '') throw new BadRequestError('INVALID_SYMBOL', 'symbol is required');
  const symbol = symbolSchema.safeParse(query.symbol);
  if (!symbol.success) throw new BadRequestError('INVALID_SYMBOL', `${JSON.stringify(query.symbol)} is not a ticker symbol`);

  const range = parseRange(query.range);
  const interval = intervalSchema.safeParse(query.interval ?? (range ? RANGE_DEFAULT_INTERVAL[range] : '1m'));
  if (!interval.success) {
    throw new BadRequestError('INVALID_INTERVAL', `interval must be one of ${INTERVALS.join(', ')}, got ${JSON.stringify(query.interval)}`);
  }
  const adjust = requestedAdjustmentSchema.safeParse(query.adjust ?? 'split');
  if (!adjust.success) {
    throw new BadRequestError('INVALID_ADJUST', `adjust must be split or split-dividend, got ${JSON.stringify(query.adjust)}`);
  }

  const from = parseTime(query.from, 'from');
  const to = parseTime(query.to, 'to');
  if (range && (from !== undefined || to !== undefined)) {
    throw new BadRequestError('RANGE_WITH_FROM_TO', 'range is a window of its own: give either range or from/to, not both');
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new BadRequestError('INVALID_RANGE', `from (${from}) is after to (${to})`);
  }
  return {
    symbol: symbol.data,
    interval: interval.data,
    adjust: adjust.data,
    ...(range ? { range } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}
