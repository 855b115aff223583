// lightweight-charts shows UTC; to show the user's wall clock, bar times are shifted by the local
// offset. One offset (today's) for the whole series keeps times strictly ascending across a DST
// change (per-bar offsets would fold the repeated hour onto itself). Daily, weekly and monthly bars
// are dates (UTC midnight of the exchange's trading day): unshifted.
import { isDailyInterval, type Interval } from '@tickstream/shared';

export function chartTimeShift(interval: Interval, at: Date = new Date()): number {
  return isDailyInterval(interval) ? 0 : -at.getTimezoneOffset() * 60;
}
