// The page takes over the drawing the server put in the shell (static-page.ts): the drawing moves
// into the page's chart box, and the shell's outline around it goes, in the same task as the app's
// first render, so no frame shows both (and nothing on screen moves: the box is new to the page).
import { staticChartKey } from './static-page.ts';
import type { Interval, Range } from '@tickstream/shared';

/** The shell's drawing, detached, or null (none, or already taken: only the first page gets it). */
export function takeStaticChart(): HTMLElement | null {
  const doc = globalThis.document;
  if (!doc) return null;
  const drawing = doc.querySelector<HTMLElement>('[data-static-chart]');
  drawing?.remove();
  doc.querySelector('[data-static-page]')?.remove();
  return drawing;
}

/** Whether the drawing shows this chart (the page may already be on another symbol or range). */
export function drawsChart(drawing: HTMLElement | null, symbol: string, range: Range, interval: Interval): drawing is HTMLElement {
  return drawing !== null && drawing.dataset.key === staticChartKey(symbol, range, interval);
}
