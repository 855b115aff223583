import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { ChartDrawing } from './drawing.ts';
import { renderStaticChart } from './static-chart.ts';

const bar = (i: number, close: number): Candle => ({ time: 1_700_000_040 + i * 60, open: 100, high: Math.max(100, close) + 1, low: Math.min(100, close) - 1, close, volume: 10 });

/** A drawing on fake frames: `frame()` runs what was scheduled, as the browser's next animation frame. */
function setUp(adopt?: HTMLElement) {
  const bars: Candle[] = [bar(0, 101), bar(1, 102)];
  const frames: Array<() => void> = [];
  let firstDraws = 0;
  const drawing = new ChartDrawing({
    symbol: 'AAPL',
    interval: '1m',
    bars: () => bars,
    timeZone: 'UTC',
    adopt: adopt ?? null,
    locale: 'en-US',
    onFirstDraw: () => firstDraws++,
    schedule: (draw) => frames.push(draw),
  });
  document.body.append(drawing.element);
  const frame = () => frames.splice(0).forEach((draw) => draw());
  const img = () => drawing.element.querySelector<HTMLImageElement>('.static-chart-bars')!;
  return { bars, drawing, frames, frame, img, firstDraws: () => firstDraws };
}

describe('the chart as a drawing', () => {
  it("draws the feed's bars in the next frame, once however many updates came before it", () => {
    const { drawing, frames, frame, img, bars, firstDraws } = setUp();
    drawing.reset(bars);
    bars.push(bar(2, 99));
    drawing.update(bars[2]!, false);
    drawing.update(bars[2]!, false);
    expect(frames).toHaveLength(1);
    expect(img().getAttribute('src')).toBeNull();
    frame();
    expect(img().alt).toBe('AAPL 1m candles, last close 99.00');
    expect(drawing.element.dataset.bars).toBe('3');
    expect(firstDraws()).toBe(1);
  });

  it('follows a live bar: the picture, the last price on the scale and its text alternative change', () => {
    const { drawing, frame, img, bars } = setUp();
    drawing.reset(bars);
    frame();
    const before = img().src;
    bars[1] = bar(1, 105);
    drawing.update(bars[1], false);
    frame();
    expect(img().src).not.toBe(before);
    expect(img().alt).toBe('AAPL 1m candles, last close 105.00');
    expect(drawing.element.querySelector('.static-chart-scale .last')?.textContent).toBe('105.00');
  });

  it('redraws the picture of the older bars only when one of them changed, not for a tick in the last one', () => {
    const { drawing, frame, img, bars } = setUp();
    bars.push(bar(2, 101.5));
    drawing.reset(bars);
    frame();
    const picture = img().src;
    bars[2] = { ...bars[2]!, close: 101.7 }; // inside the frame: same high and low
    drawing.update(bars[2], false);
    frame();
    expect(img().src).toBe(picture);
    expect(drawing.element.querySelector('.static-chart-scale .last')?.textContent).toBe('101.70');
    bars[0] = { ...bars[0]!, open: 100.5 }; // a correction of an older bar, same frame
    drawing.update(bars[0], true);
    frame();
    expect(img().src).not.toBe(picture);
  });

  it("continues the server's drawing in place (the same element, so nothing is painted twice) and labels its time axis", () => {
    const host = document.createElement('div');
    host.innerHTML = renderStaticChart({ symbol: 'AAPL', interval: '1m', candles: [bar(0, 101)], key: 'AAPL 1d 1m' });
    const server = host.firstElementChild as HTMLElement;
    const { drawing, frame, bars } = setUp(server);
    expect(drawing.element).toBe(server);
    bars.push(...Array.from({ length: 120 }, (_, i) => bar(i + 2, 101)));
    drawing.reset(bars);
    frame();
    expect(server.querySelector('.static-chart-times')!.textContent).not.toBe('');
    expect(server.dataset.bars).toBe(String(bars.length));
  });

  it('draws the previous close and the levels, and relabels the time axis in a newly chosen zone', () => {
    const { drawing, frame, bars } = setUp();
    bars.push(...Array.from({ length: 300 }, (_, i) => bar(i + 2, 101)));
    drawing.reset(bars);
    drawing.setPreviousClose(100.5);
    drawing.setLevels([101.5]);
    frame();
    const lines = drawing.element.querySelector('.static-chart-lines')!;
    expect(lines.querySelectorAll('line.reference')).toHaveLength(1);
    expect(lines.querySelectorAll('line.level')).toHaveLength(1);
    const times = () => drawing.element.querySelector('.static-chart-times')!.textContent;
    const utc = times();
    drawing.setTimeZone('Asia/Kolkata'); // UTC+5:30: every label moves by half an hour
    frame();
    expect(times()).not.toBe(utc);
  });

  it('keeps what it drew while a reload has no bars yet, and stops drawing once destroyed', () => {
    const { drawing, frame, img, bars, frames } = setUp();
    drawing.reset(bars);
    frame();
    const drawn = img().src;
    bars.length = 0;
    drawing.reset(bars);
    frame();
    expect(img().src).toBe(drawn);
    drawing.destroy();
    expect(drawing.element.isConnected).toBe(false);
    drawing.update(bar(0, 1), false);
    expect(frames).toHaveLength(0);
  });
});
