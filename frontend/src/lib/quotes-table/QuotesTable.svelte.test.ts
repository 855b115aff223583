import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';
import QuotesTable from './QuotesTable.svelte';
import { QuoteTable } from './table.svelte.ts';
import type { Sort } from './sort.ts';

const NOW = 1_738_594_800;
const ticks = {
  AAPL: { ...makeTick({ symbol: 'AAPL', name: 'Apple Inc.', time: NOW - 5, price: 105, previousClose: 100, dayLow: 100, dayHigh: 110, dayVolume: 3e6, marketState: 'POST' }), postMarketPrice: 106, fiftyTwoWeekLow: 80, fiftyTwoWeekHigh: 130, averageDailyVolume3Month: 2e6 },
  MSFT: makeTick({ symbol: 'MSFT', time: NOW - 90, price: 95, previousClose: 100 }),
};

function setup(sort: Sort | null = null) {
  const table = new QuoteTable({
    symbols: () => ['AAPL', 'MSFT'],
    tickOf: (s) => ticks[s as keyof typeof ticks],
    pointsOf: () => [],
    nowSeconds: () => NOW,
    sort: () => sort,
  });
  const onsort = vi.fn();
  render(QuotesTable, { table, sort, onsort, pointsOf: () => [] });
  return { table, onsort };
}

describe('QuotesTable', () => {
  it('shows a row per symbol with its figures, ranges, volume ratio, after-hours price and age', () => {
    setup();
    const [aapl, msft] = screen.getAllByTestId('quote-row');
    const row = within(aapl!);
    expect(row.getByText('Apple Inc.')).toBeTruthy();
    expect(aapl!.textContent).toMatch(/\+5\.00/);
    expect(aapl!.textContent).toMatch(/1\.5×/);
    expect(row.getByTestId('extended-hours').textContent).toMatch(/After hours\s*\$106\.00\s*\+0\.95%/);
    expect(row.getByText(/52-week range 80\.00 to 130\.00/)).toBeTruthy();
    expect(aapl!.querySelectorAll('[data-position]')[0]!.getAttribute('data-position')).toBe('0.500');
    expect(aapl!.textContent).toMatch(/5s/);
    expect(msft!.textContent).toMatch(/1m/);
    expect(within(msft!).queryByTestId('extended-hours')).toBeNull();
  });

  it('marks the sorted column for assistive tech and asks for a new sort on a header click', async () => {
    const { onsort } = setup({ key: 'percent', dir: 'desc' });
    const header = screen.getByRole('columnheader', { name: /%/ });
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: /Last/ }).getAttribute('aria-sort')).toBeNull();
    await fireEvent.click(within(screen.getByRole('columnheader', { name: /Age/ })).getByRole('button'));
    expect(onsort).toHaveBeenCalledWith('age');
  });

  it('focuses the row under the keyboard cursor', async () => {
    const { table } = setup();
    table.move(1);
    table.move(1);
    await vi.waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.symbol).toBe('MSFT'));
  });
});
