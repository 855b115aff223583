import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Watchlist } from '@tickstream/shared';
import type { WatchlistsApi } from './api.ts';
import AddToList from './AddToList.svelte';
import { Watchlists } from './watchlists.svelte.ts';

const env: Watchlist = { id: 0, name: 'Watchlist', symbols: ['AAPL'], source: 'env', readOnly: true, createdAt: 0, updatedAt: 0 };
const tech: Watchlist = { id: 1, name: 'Tech', symbols: ['NVDA'], source: 'user', readOnly: false, createdAt: 0, updatedAt: 0 };

async function setup() {
  const api = {
    all: () => Promise.resolve([env, tech]),
    addSymbol: vi.fn((id: number, symbol: string) => Promise.resolve({ ...tech, symbols: [...tech.symbols, symbol] })),
    create: vi.fn((name: string, from: { symbols?: string[] }) => Promise.resolve({ ...tech, id: 2, name, symbols: from.symbols ?? [] })),
  };
  const watchlists = new Watchlists(api as unknown as WatchlistsApi);
  await watchlists.load();
  render(AddToList, { watchlists, symbol: 'NFLX' });
  return { api, watchlists };
}

describe('AddToList', () => {
  it('offers the editable lists only, and adds the symbol to the one ticked', async () => {
    const { api, watchlists } = await setup();
    await fireEvent.click(screen.getByTestId('add-to-list'));
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes.map((b) => b.dataset.list)).toEqual(['1']);
    await fireEvent.click(boxes[0]!);
    await vi.waitFor(() => expect(watchlists.byId(1)?.symbols).toEqual(['NVDA', 'NFLX']));
    expect(api.addSymbol).toHaveBeenCalledWith(1, 'NFLX');
    expect(screen.getByTestId('add-to-list').textContent).toMatch(/In 1 list/);
  });

  it('starts a new list holding the symbol', async () => {
    const { api } = await setup();
    await fireEvent.click(screen.getByTestId('add-to-list'));
    await fireEvent.input(screen.getByTestId('add-new-list'), { target: { value: 'Streaming' } });
    await fireEvent.submit(screen.getByTestId('add-new-list').closest('form')!);
    await vi.waitFor(() => expect(api.create).toHaveBeenCalledWith('Streaming', { symbols: ['NFLX'] }));
  });

  it('closes on Escape and on a click elsewhere', async () => {
    await setup();
    await fireEvent.click(screen.getByTestId('add-to-list'));
    expect(screen.queryByRole('group')).not.toBeNull();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('group')).toBeNull();
    await fireEvent.click(screen.getByTestId('add-to-list'));
    await fireEvent.click(document.body);
    expect(screen.queryByRole('group')).toBeNull();
  });
});
