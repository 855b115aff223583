// Watchlists and viewed symbols in the store, on every driver: embedded PGlite, the PostgreSQL
// server and TimescaleDB (the same migration, the same repository).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/types.ts';
import { StoreDataError } from '../src/store/errors.ts';
import { STORE_DRIVERS, type OpenedStore } from './support/store-drivers.ts';

describe.each(STORE_DRIVERS)('watchlist store on $name', ({ open }) => {
  if (!open) {
    it.skip('needs its server URL');
    return;
  }
  let opened: OpenedStore;
  let store: Store;
  beforeAll(async () => {
    opened = await open();
    store = opened.store;
  });
  afterAll(async () => {
    await store?.close();
    await opened?.drop();
  });

  it('creates a list with its symbols in order and reads it back by id and in the list', async () => {
    const created = await store.watchlists.create('Tech', ['MSFT', 'AAPL', 'BTC-USD']);
    expect(created).toMatchObject({ name: 'Tech', symbols: ['MSFT', 'AAPL', 'BTC-USD'] });
    expect(created.createdAt).toBeGreaterThan(1_700_000_000);
    expect(await store.watchlists.get(created.id)).toEqual(created);
    expect((await store.watchlists.list()).map((w) => w.name)).toContain('Tech');
    expect(await store.watchlists.get(2_147_483_648)).toBeNull();
  });

  it('refuses a second list of the same name, ignoring case, as a conflict', async () => {
    await store.watchlists.create('Dupes', []);
    const err = await store.watchlists.create('dupes', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreDataError);
    expect((err as StoreDataError).conflict).toBe(true);
    expect((err as Error).message).toContain('watchlists_name_key');
  });

  it('refuses what the CHECKs forbid: empty or padded names, bad symbols', async () => {
    await expect(store.watchlists.create('', [])).rejects.toBeInstanceOf(StoreDataError);
    await expect(store.watchlists.create(' padded ', [])).rejects.toBeInstanceOf(StoreDataError);
    await expect(store.watchlists.create('x'.repeat(61), [])).rejects.toBeInstanceOf(StoreDataError);
    await expect(store.watchlists.create('Bad symbol', ['aapl'])).rejects.toBeInstanceOf(StoreDataError);
    // The failed create left no half-made list behind.
    expect((await store.watchlists.list()).some((w) => w.name === 'Bad symbol')).toBe(false);
  });

  it('reorders, adds and removes symbols in one transaction, and bumps updatedAt', async () => {
    const list = await store.watchlists.create('Order', ['A', 'B', 'C']);
    const reordered = await store.watchlists.changeSymbols(list.id, (s) => [...s].reverse());
    expect(reordered?.symbols).toEqual(['C', 'B', 'A']);
    const added = await store.watchlists.changeSymbols(list.id, (s) => [...s.slice(0, 1), 'D', ...s.slice(1)]);
    expect(added?.symbols).toEqual(['C', 'D', 'B', 'A']);
    expect((await store.watchlists.get(list.id))?.symbols).toEqual(['C', 'D', 'B', 'A']);
    expect(await store.watchlists.changeSymbols(999_999, (s) => s)).toBeNull();
  });

  it('passes a refusal thrown by the change through untouched and writes nothing', async () => {
    const list = await store.watchlists.create('Refused', ['X']);
    const refusal = new Error('no');
    await expect(store.watchlists.changeSymbols(list.id, () => { throw refusal; })).rejects.toBe(refusal);
    expect((await store.watchlists.get(list.id))?.symbols).toEqual(['X']);
  });

  it('keeps concurrent adds to one list: neither is lost', async () => {
    const list = await store.watchlists.create('Race', []);
    await Promise.all(['R1', 'R2', 'R3', 'R4'].map((s) => store.watchlists.changeSymbols(list.id, (cur) => [...cur, s])));
    expect([...((await store.watchlists.get(list.id))?.symbols ?? [])].sort()).toEqual(['R1', 'R2', 'R3', 'R4']);
  });

  it('renames, deletes (with its symbols) and counts lists, and lists every distinct symbol', async () => {
    const list = await store.watchlists.create('Old name', ['ZZZ', 'AAPL']);
    expect((await store.watchlists.rename(list.id, 'New name'))?.name).toBe('New name');
    expect(await store.watchlists.allSymbols()).toEqual(expect.arrayContaining(['ZZZ', 'AAPL']));
    const before = await store.watchlists.count();
    expect(await store.watchlists.remove(list.id)).toBe(true);
    expect(await store.watchlists.remove(list.id)).toBe(false);
    expect(await store.watchlists.count()).toBe(before - 1);
    expect(await store.watchlists.allSymbols()).not.toContain('ZZZ');
  });

  it('keeps viewed symbols until their mark passes; a later mark is never shortened', async () => {
    const now = 1_800_000_000;
    await store.viewedSymbols.touch(['VA', 'VB'], now + 60);
    await store.viewedSymbols.touch(['VA'], now + 10);
    expect(await store.viewedSymbols.active(now)).toEqual(['VA', 'VB']);
    await store.viewedSymbols.touch(['VB'], now + 120);
    expect(await store.viewedSymbols.active(now + 60)).toEqual(['VB']);
    expect(await store.viewedSymbols.active(now + 120)).toEqual([]);
  });
});
