import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Watchlist } from '@tickstream/shared';
import type { WatchlistsApi } from './api.ts';
import ListEditor from './ListEditor.svelte';
import { Watchlists } from './watchlists.svelte.ts';

const tech: Watchlist = { id: 1, name: 'Tech', symbols: ['NVDA', 'AMD', 'TSM'], source: 'user', readOnly: false, createdAt: 0, updatedAt: 0 };

async function setup() {
  const api = {
    all: () => Promise.resolve([tech]),
    reorder: vi.fn((id: number, symbols: string[]) => Promise.resolve({ ...tech, symbols })),
    removeSymbol: vi.fn((id: number, symbol: string) => Promise.resolve({ ...tech, symbols: tech.symbols.filter((s) => s !== symbol) })),
    rename: vi.fn((id: number, name: string) => Promise.resolve({ ...tech, name })),
  };
  const watchlists = new Watchlists(api as unknown as WatchlistsApi);
  await watchlists.load();
  // the page passes the list from the store; a getter keeps it current like the page's $derived
  const props = $state({ watchlists, list: watchlists.lists[0]!, ondeleted: vi.fn() });
  $effect.root(() => {
    $effect(() => {
      props.list = watchlists.byId(1)!;
    });
  });
  render(ListEditor, props);
  const order = () => screen.getAllByTestId('edit-row').map((li) => li.dataset.symbol);
  return { api, watchlists, order };
}

describe('ListEditor', () => {
  it('moves the focused row with Alt+Arrow keys, keeps it focused, and saves the new order', async () => {
    const { api, order } = await setup();
    const handle = screen.getByRole('button', { name: /^AMD, position 2 of 3/ });
    handle.focus();
    await fireEvent.keyDown(handle, { key: 'ArrowDown', altKey: true });
    await vi.waitFor(() => expect(order()).toEqual(['NVDA', 'TSM', 'AMD']));
    expect(api.reorder).toHaveBeenCalledWith(1, ['NVDA', 'TSM', 'AMD']);
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^AMD, position 3 of 3/));
  });

  it('offers move buttons, disabled at the ends', async () => {
    const { order } = await setup();
    expect((screen.getByRole('button', { name: 'Move NVDA up' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Move NVDA down' }));
    await vi.waitFor(() => expect(order()).toEqual(['AMD', 'NVDA', 'TSM']));
  });

  it('removes a symbol with its button or the Delete key', async () => {
    const { api, order } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Remove TSM' }));
    await vi.waitFor(() => expect(order()).toEqual(['NVDA', 'AMD']));
    expect(api.removeSymbol).toHaveBeenCalledWith(1, 'TSM');
    await fireEvent.keyDown(screen.getByRole('button', { name: /^NVDA, position 1/ }), { key: 'Delete' });
    await vi.waitFor(() => expect(api.removeSymbol).toHaveBeenCalledWith(1, 'NVDA'));
  });

  it('renames the list', async () => {
    const { api, watchlists } = await setup();
    const name = screen.getByTestId('list-name');
    await fireEvent.input(name, { target: { value: 'Chips' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    await vi.waitFor(() => expect(watchlists.byId(1)?.name).toBe('Chips'));
    expect(api.rename).toHaveBeenCalledWith(1, 'Chips');
  });

  it('keeps a name being typed when a live update brings the same list again (a reorder in another tab)', async () => {
    const { watchlists } = await setup();
    const name = screen.getByTestId('list-name') as HTMLInputElement;
    await fireEvent.input(name, { target: { value: 'Chips' } });
    watchlists.apply({ kind: 'upsert', watchlist: { ...tech, symbols: ['TSM', 'NVDA', 'AMD'], updatedAt: 1 } });
    await vi.waitFor(() => expect(screen.getAllByTestId('edit-row')[0]?.dataset.symbol).toBe('TSM'));
    expect(name.value).toBe('Chips');
    expect((screen.getByRole('button', { name: 'Rename' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the new name when the list is renamed elsewhere', async () => {
    const { watchlists } = await setup();
    watchlists.apply({ kind: 'upsert', watchlist: { ...tech, name: 'Semis', updatedAt: 1 } });
    await vi.waitFor(() => expect((screen.getByTestId('list-name') as HTMLInputElement).value).toBe('Semis'));
  });
});
