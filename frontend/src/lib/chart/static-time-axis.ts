// The drawing's time axis (static-chart.ts): labels where round steps of time begin, about six
// across whatever the span, in the reader's zone (the page draws them; the server does not know it).
import { TICK_MARK } from '../format.ts';

/** anything placed in time: a bar, a point of a line */
interface Timed {
  time: number;
}

const TIME_STEPS = [60, 300, 900, 1800, 3600, 7200, 14_400, 86_400, 7 * 86_400, 30 * 86_400, 91 * 86_400, 365 * 86_400];
const TIME_LABELS = 6;

/**
 * Where the time axis is labelled: the bars where a round step (chosen for about six labels)
 * begins, as bar indexes with their tick mark type (a new day, month or year says so).
 */
export function timeMarks(bars: readonly Timed[]): Array<{ index: number; type: number }> {
  if (bars.length < 2) return [];
  const span = bars.at(-1)!.time - bars[0]!.time;
  const step = TIME_STEPS.find((s) => span / s <= TIME_LABELS) ?? TIME_STEPS.at(-1)!;
  const type = step >= 365 * 86_400 ? TICK_MARK.year : step >= 30 * 86_400 ? TICK_MARK.month : step >= 86_400 ? TICK_MARK.day : TICK_MARK.time;
  const marks: Array<{ index: number; type: number }> = [];
  for (let i = 1; i < bars.length; i++) {
    if (Math.floor(bars[i]!.time / step) !== Math.floor(bars[i - 1]!.time / step)) marks.push({ index: i, type });
  }
  return marks;
}

/**
 * The axis' labels, each centred on its bar (`x`: a bar's centre in % of the width), leaving out
 * those an edge would cut. An intraday axis names the day, in the reader's zone, at the first mark
 * of each new one.
 */
export function timeAxis(
  bars: readonly Timed[],
  x: (index: number) => number,
  label: (unixSeconds: number, tickMarkType: number) => string,
): Array<{ at: number; text: string }> {
  let day = bars[0] ? label(bars[0].time, TICK_MARK.day) : '';
  const text = (time: number, type: number) => {
    if (type !== TICK_MARK.time) return label(time, type);
    const today = label(time, TICK_MARK.day);
    if (today === day) return label(time, type);
    day = today;
    return today;
  };
  return timeMarks(bars)
    .map(({ index, type }) => ({ at: x(index), text: text(bars[index]!.time, type) }))
    .filter(({ at }) => at > 4 && at < 96);
}
