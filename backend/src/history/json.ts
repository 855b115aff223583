// The JSON text of a /api/history answer. A 5-year daily answer is 1,300 bars, most of them the
// same objects request after request (the stored series is cached until the next sync, see
// daily-cache.ts); formatting their 7,800 numbers again was the largest cost of the read on PGlite,
// where it shares the thread with the database. Each bar's text is kept with the bar object, so such
// an answer joins cached strings. Same text as JSON.stringify, bar for bar.
import type { Candle, HistoryResponse } from '@tickstream/shared';

const texts = new WeakMap<Candle, string>();

function candleText(c: Candle): string {
  let text = texts.get(c);
  if (text === undefined) {
    text = JSON.stringify(c);
    texts.set(c, text);
  }
  return text;
}

export function historyJson(response: HistoryResponse): string {
  const { candles, ...rest } = response;
  const head = JSON.stringify(rest);
  const bars = candles.map(candleText).join(',');
  return `${head.slice(0, -1)}${head === '{}' ? '' : ','}"candles":[${bars}]}`;
}
