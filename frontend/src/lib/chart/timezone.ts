// lightweight-charts shows UTC; to show the user's wall clock, bar times are shifted by the local
// offset. One offset (today's) for the whole series keeps times strictly ascending across a DST
// change (per-bar offsets would fold the repeated hour onto itself). Daily bars are dates: unshifted.
import type { Interval } from '@tickstream/shared';

export function chartTimeShift(interval: Interval, at: Date = new Date()): number {
  return interval === '1d' ? 0 : -at.getTimezoneOffset() * 60;
}
