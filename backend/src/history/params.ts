// Turns raw /api/history query parameters into a typed request, or a 400 naming the bad one.
import { z } from 'zod';
import { INTERVALS, intervalSchema, symbolSchema, type Interval } from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';

export interface HistoryRequest {
  symbol: string;
  interval: Interval;
  /** unix seconds; absent = default window */
  from?: number;
  to?: number;
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

export function parseHistoryParams(query: Record<string, unknown>): HistoryRequest {
  if (query.symbol === undefined || query.symbol === '') throw new BadRequestError('INVALID_SYMBOL', 'symbol is required');
  const symbol = symbolSchema.safeParse(query.symbol);
  if (!symbol.success) throw new BadRequestError('INVALID_SYMBOL', `${JSON.stringify(query.symbol)} is not a ticker symbol`);

  const interval = intervalSchema.safeParse(query.interval ?? '1m');
  if (!interval.success) {
    throw new BadRequestError('INVALID_INTERVAL', `interval must be one of ${INTERVALS.join(', ')}, got ${JSON.stringify(query.interval)}`);
  }

  const from = parseTime(query.from, 'from');
  const to = parseTime(query.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new BadRequestError('INVALID_RANGE', `from (${from}) is after to (${to})`);
  }
  return { symbol: symbol.data, interval: interval.data, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}
