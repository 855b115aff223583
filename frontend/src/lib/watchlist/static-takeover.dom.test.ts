import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Tick } from '@tickstream/shared';
import { renderStaticWatchlist } from './static-watchlist.ts';
import { HOLD_CAP_MS, holdStaticWatchlist, readyToTakeOver } from './static-takeover.ts';

const tick = (symbol: string): Tick =>
  ({ symbol, time: 1_700_000_000, price: 10, previousClose: 9, currency: 'USD', source: 'simulated' }) as Tick;

/** The shell as the server sends it for a list of AAPL (priced) and NEW (no quote yet). */
function shell(): void {
  document.body.innerHTML = `<div class="app-root">${renderStaticWatchlist({ title: 'L', readOnly: false, lists: 1, status: null, symbols: ['AAPL', 'NEW'], quotes: [tick('AAPL')] })}<div id="app"></div></div>`;
}
const outlines = () => document.querySelectorAll('[data-static-watchlist]').length;

afterEach(() => vi.useRealTimers());

describe('the watchlist page taking over the drawn cards', () => {
  it('knows which symbols the drawing priced, and removes the drawing once released', () => {
    shell();
    const held = holdStaticWatchlist();
    expect([...(held?.priced ?? [])]).toEqual(['AAPL']);
    held?.release();
    expect(outlines()).toBe(0);
    expect(document.getElementById('app')).not.toBeNull();
    expect(holdStaticWatchlist()).toBeNull(); // only the first page gets it
  });

  it('gives a second hold the same drawing, under the first hold\'s cap', () => {
    vi.useFakeTimers();
    shell();
    const layout = holdStaticWatchlist();
    vi.advanceTimersByTime(HOLD_CAP_MS - 10);
    expect(holdStaticWatchlist()).toBe(layout);
    vi.advanceTimersByTime(10);
    expect(outlines()).toBe(0);
    expect(holdStaticWatchlist()).toBeNull();
  });

  it('removes the drawing after the cap even when the page never gets its prices', () => {
    vi.useFakeTimers();
    shell();
    holdStaticWatchlist();
    vi.advanceTimersByTime(HOLD_CAP_MS - 1);
    expect(outlines()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(outlines()).toBe(0);
  });

  it('takes over once the lists have loaded and every symbol drawn with a price has a quote', () => {
    shell();
    const held = holdStaticWatchlist()!;
    const loaded = { loaded: true, failed: false };
    expect(readyToTakeOver(held, { loaded: false, failed: false }, ['AAPL', 'NEW'], () => true)).toBe(false);
    expect(readyToTakeOver(held, loaded, ['AAPL', 'NEW'], (s) => s === 'NEW')).toBe(false);
    // NEW was drawn waiting: the page need not wait for it either
    expect(readyToTakeOver(held, loaded, ['AAPL', 'NEW'], (s) => s === 'AAPL')).toBe(true);
    // lists that failed to load: the page shows why, at once
    expect(readyToTakeOver(held, { loaded: false, failed: true }, [], () => false)).toBe(true);
    held.release();
  });
});
