import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Tick } from '@tickstream/shared';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';
import { nextQuote, type QuoteView } from '../live/quote-book.ts';
import QuoteCard from './QuoteCard.svelte';

const T0 = 1_738_594_800;
const tick = (price: number, time: number): Tick => makeTick({ time, price, previousClose: 100 });

/** The views the quote book produces for these prices, one tick a second. */
function views(...prices: number[]): QuoteView[] {
  const out: QuoteView[] = [];
  prices.forEach((p, i) => out.push(nextQuote(out.at(-1), tick(p, T0 + i))!));
  return out;
}

const props = (quote: QuoteView | undefined, stale = false) => ({ symbol: 'AAPL', quote, stale, points: [] });

describe('QuoteCard', () => {
  it('links to the symbol page and waits for a first quote', () => {
    render(QuoteCard, props(undefined));
    expect(screen.getByTestId('quote-card').getAttribute('href')).toBe('/symbol/AAPL');
    expect(screen.getByText('waiting for the first quote')).toBeTruthy();
    expect(screen.queryByTestId('price')).toBeNull();
  });

  it('shows the first price without a flash, then flashes up or down with each move', async () => {
    const [first, up, upAgain, down] = views(101, 102, 103, 99);
    const view = render(QuoteCard, props(first));
    const price = () => screen.getByTestId('price');
    expect(price().dataset.price).toBe('101');
    expect(price().className).not.toMatch(/flash-/);

    await view.rerender(props(up));
    expect(price().classList.contains('flash-up')).toBe(true);
    const flashed = price();
    // a second move the same way gets a fresh element, so the CSS animation plays again
    await view.rerender(props(upAgain));
    expect(price().classList.contains('flash-up')).toBe(true);
    expect(price()).not.toBe(flashed);

    await view.rerender(props(down));
    expect(price().classList.contains('flash-down')).toBe(true);
    expect(price().dataset.price).toBe('99');
  });

  it('says stale only while told the price may be old', async () => {
    const [first] = views(101);
    const view = render(QuoteCard, props(first, true));
    expect(screen.getByText('stale').getAttribute('title')).toMatch(/may be old/);
    await view.rerender(props(first, false));
    expect(screen.queryByText('stale')).toBeNull();
  });
});
