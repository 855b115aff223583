import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { PortfolioTotals, ValuedHolding } from '@tickstream/shared';
import HoldingsTable from './HoldingsTable.svelte';

function holding(id: number, symbol: string): ValuedHolding {
  return {
    id,
    symbol,
    quantity: '10',
    costPerShare: '100',
    costBasis: '1000',
    price: '110',
    marketValue: '1100',
    dayChange: '5',
    dayChangePercent: '0.45',
    unrealizedPnl: '100',
    unrealizedPnlPercent: '10',
    weight: '50',
    currency: 'USD',
    stale: false,
    note: null,
    acquiredOn: null,
  } as ValuedHolding;
}

const totals = { currency: 'USD', marketValue: '2200', costBasis: '2000', dayChange: '10', dayChangePercent: '0.45', unrealizedPnl: '200', unrealizedPnlPercent: '10', count: 2, stale: false, excluded: [] } as PortfolioTotals;

function renderTable(holdings: ValuedHolding[], onremove = vi.fn(async () => null)) {
  const props = $state({ holdings, totals, otherCurrencies: [], onsave: vi.fn(async () => null), onremove });
  render(HoldingsTable, props);
  return props;
}

describe('HoldingsTable', () => {
  it('without holdings says so in a table no wider than its message: no column headers', () => {
    renderTable([]);
    expect(screen.getByText('No holdings yet: add one below.')).toBeTruthy();
    expect(screen.queryAllByRole('columnheader')).toEqual([]);
  });

  it('names the symbol in every row action, so a screen reader does not hear "Edit, Edit, Edit"', () => {
    renderTable([holding(1, 'AAPL'), holding(2, 'MSFT')]);
    expect(screen.getByRole('button', { name: 'Edit AAPL' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove MSFT' })).toBeTruthy();
  });

  it('moves focus into the edit form, and back to its Edit button when Escape closes it', async () => {
    renderTable([holding(1, 'AAPL')]);
    await fireEvent.click(screen.getByRole('button', { name: 'Edit AAPL' }));
    const symbol = await vi.waitFor(() => {
      const el = screen.getByTestId('edit-holding-form').querySelector('input');
      expect(document.activeElement).toBe(el);
      return el!;
    });
    await fireEvent.keyDown(symbol, { key: 'Escape' });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit AAPL' })));
    expect(screen.queryByTestId('edit-holding-form')).toBeNull();
  });

  it('after a removal, puts focus on the next row and says what was removed', async () => {
    const props = renderTable([holding(1, 'AAPL'), holding(2, 'MSFT')]);
    props.onremove = vi.fn(async () => {
      props.holdings = props.holdings.filter((h) => h.id !== 1);
      return null;
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove AAPL' }));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('confirm-remove')));
    await fireEvent.click(screen.getByTestId('confirm-remove'));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit MSFT' })));
    expect(screen.getByRole('status').textContent).toBe('Removed AAPL');
  });
});
