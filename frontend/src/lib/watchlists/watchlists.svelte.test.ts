import { describe, expect, it, vi } from 'vitest';
import type { Watchlist } from '@tickstream/shared';
import { ApiError } from '../api/send.ts';
import type { WatchlistsApi } from './api.ts';
import { Watchlists } from './watchlists.svelte.ts';

const env: Watchlist = { id: 0, name: 'Watchlist', symbols: ['AAPL', 'MSFT'], source: 'env', readOnly: true, createdAt: 0, updatedAt: 0 };
const tech: Watchlist = { id: 1, name: 'Tech', symbols: ['NVDA', 'AMD', 'TSM'], source: 'user', readOnly: false, createdAt: 0, updatedAt: 0 };

/** A server in memory behind the WatchlistsApi surface; `fail` makes the next write refuse. */
function fakeApi() {
  let lists = [env, tech].map((l) => ({ ...l, symbols: [...l.symbols] }));
  let nextId = 2;
  const state = { fail: null as ApiError | null, calls: [] as string[] };
  const write = <T>(name: string, fn: () => T): Promise<T> => {
    state.calls.push(name);
    const err = state.fail;
    state.fail = null;
    return err ? Promise.reject(err) : Promise.resolve(fn());
  };
  const find = (id: number) => lists.find((l) => l.id === id)!;
  const api = {
    setToken: vi.fn(),
    all: () => Promise.resolve(structuredClone(lists)),
    create: (name: string, from: { symbols?: readonly string[]; copyFrom?: number }) =>
      write('create', () => {
        const made: Watchlist = { ...tech, id: nextId++, name, symbols: from.copyFrom !== undefined ? [...find(from.copyFrom).symbols] : [...(from.symbols ?? [])] };
        lists.push(made);
        return made;
      }),
    rename: (id: number, name: string) => write('rename', () => Object.assign(find(id), { name })),
    remove: (id: number) => write('remove', () => void (lists = lists.filter((l) => l.id !== id))),
    addSymbol: (id: number, symbol: string) => write('add', () => ({ ...find(id), symbols: (find(id).symbols = [...find(id).symbols, symbol]) })),
    removeSymbol: (id: number, symbol: string) => write('removeSymbol', () => ({ ...find(id), symbols: (find(id).symbols = find(id).symbols.filter((s) => s !== symbol)) })),
    reorder: (id: number, symbols: readonly string[]) => write('reorder', () => ({ ...find(id), symbols: (find(id).symbols = [...symbols]) })),
  };
  return { api: api as unknown as WatchlistsApi, state, server: () => lists };
}

async function loaded() {
  const fake = fakeApi();
  const w = new Watchlists(fake.api);
  await w.load();
  return { w, ...fake };
}

describe('Watchlists', () => {
  it('loads the lists, the environment one first and not editable', async () => {
    const { w } = await loaded();
    expect(w.lists.map((l) => l.name)).toEqual(['Watchlist', 'Tech']);
    expect(w.editable.map((l) => l.id)).toEqual([1]);
  });

  it('says the lists could not be read when the database is away (the first read, preloaded with the page, answers 503), and a later read recovers', async () => {
    const fake = fakeApi();
    const down = new ApiError(503, 'STORE_UNAVAILABLE', 'the database is unreachable');
    const all = fake.api.all.bind(fake.api);
    let away = true;
    fake.api.all = () => (away ? Promise.reject(down) : all());
    const w = new Watchlists(fake.api);
    await expect(w.load()).resolves.toBeUndefined();
    expect(w.error).toBe('Could not load the watchlists: the database is unreachable');
    expect(w.lists).toEqual([]);
    expect(w.loaded).toBe(false);
    away = false;
    await w.load();
    expect(w.error).toBeNull();
    expect(w.lists.map((l) => l.name)).toEqual(['Watchlist', 'Tech']);
  });

  it('reading the lists again while an own edit is on its way waits for it: the edit never flickers away, and the lists are read once it is saved', async () => {
    const { w, api, server } = await loaded();
    let reads = 0;
    const all = api.all.bind(api);
    api.all = () => (reads++, all());
    const saved = w.removeSymbol(1, 'AMD');
    const refreshed = w.refresh();
    expect(reads).toBe(0);
    await refreshed;
    expect(w.byId(1)?.symbols).toEqual(['NVDA', 'TSM']);
    expect(await saved).toBe(true);
    await vi.waitFor(() => expect(reads).toBe(1));
    expect(w.byId(1)?.symbols).toEqual(server().find((l) => l.id === 1)?.symbols);
  });

  it('keeps the lists it shows when a read again finds nothing new (nothing redraws)', async () => {
    const { w } = await loaded();
    const shown = w.lists;
    await w.refresh();
    expect(w.lists).toBe(shown);
  });

  it('shows a keyboard move at once, saves it, and announces the new position', async () => {
    const { w, server } = await loaded();
    const saved = w.move(1, 'TSM', -1);
    expect(w.byId(1)?.symbols).toEqual(['NVDA', 'TSM', 'AMD']);
    expect(await saved).toBe(true);
    expect(server().find((l) => l.id === 1)?.symbols).toEqual(['NVDA', 'TSM', 'AMD']);
    expect(w.announcement).toBe('TSM moved to position 2 of 3');
  });

  it('saves quick moves one after another, in order', async () => {
    const { w, server, state } = await loaded();
    await Promise.all([w.move(1, 'TSM', -1), w.move(1, 'TSM', -1)]);
    expect(state.calls).toEqual(['reorder', 'reorder']);
    expect(server().find((l) => l.id === 1)?.symbols).toEqual(['TSM', 'NVDA', 'AMD']);
  });

  it('undoes an edit the server refuses and says why', async () => {
    const { w, state } = await loaded();
    state.fail = new ApiError(409, 'WATCHLIST_ORDER_MISMATCH', 'The list changed meanwhile');
    expect(await w.removeSymbol(1, 'AMD')).toBe(false);
    await vi.waitFor(() => expect(w.byId(1)?.symbols).toEqual(['NVDA', 'AMD', 'TSM']));
    expect(w.error).toBe('The list changed meanwhile');
    expect(w.announcement).toMatch(/^Not saved/);
  });

  it('asks for the API token on a 401 and retries the write once it is given', async () => {
    const { w, state, server } = await loaded();
    state.fail = new ApiError(401, 'UNAUTHORIZED', 'needs a token');
    expect(await w.add(1, 'INTC')).toBe(false);
    expect(w.needsToken).toBe(true);
    await w.provideToken('secret');
    expect(w.needsToken).toBe(false);
    expect(server().find((l) => l.id === 1)?.symbols).toContain('INTC');
    expect(w.byId(1)?.symbols).toContain('INTC');
  });

  it('never edits the environment list, and copies it into a new editable one', async () => {
    const { w, state } = await loaded();
    expect(await w.removeSymbol(0, 'AAPL')).toBe(false);
    expect(state.calls).toEqual([]);
    const copy = await w.copy(0);
    expect(copy).toMatchObject({ name: 'Watchlist (copy)', symbols: ['AAPL', 'MSFT'], readOnly: false });
    expect(w.lists.at(-1)?.id).toBe(copy?.id);
  });

  it('adds from the search to the list on screen, or makes a first list when there is none', async () => {
    const { w } = await loaded();
    w.currentId = 0; // the env list is not editable: the first editable list gets it
    await w.addToTarget('INTC');
    expect(w.byId(1)?.symbols.at(-1)).toBe('INTC');
    await w.remove(1);
    expect(w.addTarget).toBeNull();
    await w.addToTarget('IBM');
    expect(w.editable).toMatchObject([{ name: 'My list', symbols: ['IBM'] }]);
  });

  it('applies changes from other tabs: upserts and deletes', async () => {
    const { w } = await loaded();
    w.apply({ kind: 'upsert', watchlist: { ...tech, symbols: ['AMD'] } });
    expect(w.byId(1)?.symbols).toEqual(['AMD']);
    w.apply({ kind: 'upsert', watchlist: { ...tech, id: 7, name: 'Crypto' } });
    expect(w.lists.map((l) => l.id)).toEqual([0, 1, 7]);
    w.apply({ kind: 'delete', id: 1 });
    expect(w.lists.map((l) => l.id)).toEqual([0, 7]);
  });

  it('defers a change from elsewhere that lands during its own write, then reloads the truth', async () => {
    const { w, server } = await loaded();
    const saving = w.move(1, 'AMD', 1);
    w.apply({ kind: 'upsert', watchlist: { ...tech, symbols: ['OLD'] } });
    expect(w.byId(1)?.symbols).toEqual(['NVDA', 'TSM', 'AMD']);
    await saving;
    await vi.waitFor(() => expect(w.byId(1)?.symbols).toEqual(server().find((l) => l.id === 1)?.symbols));
  });
});
