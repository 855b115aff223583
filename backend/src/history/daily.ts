// Daily, weekly and monthly bars: stored daily bars (completed trading days), then the days after
// the newest stored one built from live 1m candles on the exchange's clock, so today's bar moves with
// the market. Pure folding here; the reads are the service's.
import type { Candle } from '@tickstream/shared';

const DAY = 86_400;

/** Start (unix s, UTC midnight) of the bucket holding a day: itself, its ISO week's Monday, its month's 1st. */
export function bucketOfDay(dayStart: number, interval: '1d' | '1wk' | '1mo'): number {
  if (interval === '1d') return dayStart;
  const d = new Date(dayStart * 1000);
  if (interval === '1mo') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  return dayStart - ((d.getUTCDay() + 6) % 7) * DAY;
}

/**
 * Appends days (ascending, each after every stored day) to stored bars of `interval`: a day whose
 * bucket is the last stored bar's extends it, others start new bars. Days whose bucket starts before
 * `from` are left out, as the store leaves out buckets starting before the window.
 */
export function appendDays(stored: readonly Candle[], days: readonly Candle[], interval: '1d' | '1wk' | '1mo', from: number): Candle[] {
  const out = [...stored];
  for (const day of days) {
    const time = bucketOfDay(day.time, interval);
    if (time < from) continue;
    const last = out.at(-1);
    if (last && last.time === time) {
      out[out.length - 1] = { time, open: last.open, high: Math.max(last.high, day.high), low: Math.min(last.low, day.low), close: day.close, volume: last.volume + day.volume };
    } else if (!last || last.time < time) {
      out.push({ ...day, time });
    }
  }
  return out;
}
