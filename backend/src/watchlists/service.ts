// Watchlist rules: the env list is served first and read-only, stored lists are capped (count,
// symbols per list, MAX_SYMBOLS through the registry), every symbol entering a list is checked with
// the quote source, and every change re-reads the followed symbols and goes out live.
import {
  ENV_WATCHLIST_ID,
  WATCHLIST_LIMITS,
  type Watchlist,
  type WatchlistChange,
  type WatchlistCreate,
  type WatchlistsResponse,
} from '@tickstream/shared';
import { HttpError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { StoreDataError } from '../store/errors.ts';
import type { Store, StoredWatchlist } from '../store/types.ts';
import type { SymbolRegistry } from '../symbols/registry.ts';

export interface WatchlistDeps {
  config: { watchlist: readonly string[]; symbols: { max: number } };
  store: Pick<Store, 'watchlists'>;
  registry: Pick<SymbolRegistry, 'admit' | 'refresh' | 'tracked'>;
  /** sends the change to every open page on every instance */
  publish: (change: WatchlistChange) => Promise<void>;
  logger: Logger;
  /** unix ms */
  now: () => number;
}

export interface WatchlistService {
  list(): Promise<WatchlistsResponse>;
  get(id: number): Promise<Watchlist>;
  create(body: WatchlistCreate): Promise<Watchlist>;
  rename(id: number, name: string): Promise<Watchlist>;
  remove(id: number): Promise<void>;
  addSymbol(id: number, symbol: string, position?: number): Promise<Watchlist>;
  removeSymbol(id: number, symbol: string): Promise<Watchlist>;
  reorder(id: number, symbols: readonly string[]): Promise<Watchlist>;
}

const stored = (w: StoredWatchlist): Watchlist => ({ ...w, source: 'user', readOnly: false });
const notFound = (id: number) => new HttpError(404, 'WATCHLIST_NOT_FOUND', `No watchlist with id ${id}`);
const readOnly = () =>
  new HttpError(409, 'WATCHLIST_READ_ONLY', 'The WATCHLIST list is set by the environment and cannot be changed here; copy it into a list of your own (POST /api/watchlists with copyFrom "env")');
const full = (name: string) => new HttpError(409, 'WATCHLIST_FULL', `"${name}" already holds ${WATCHLIST_LIMITS.maxSymbolsPerList} symbols, the most a list may hold`);

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && set.size === new Set(b).size && b.every((s) => set.has(s));
}

export function createWatchlistService(deps: WatchlistDeps): WatchlistService {
  const { store, registry } = deps;
  const log = deps.logger.child({ module: 'watchlists' });
  const startedAt = Math.floor(deps.now() / 1000);
  const envList = (): Watchlist => ({
    id: ENV_WATCHLIST_ID,
    name: 'Watchlist',
    symbols: [...deps.config.watchlist],
    source: 'env',
    readOnly: true,
    createdAt: startedAt,
    updatedAt: startedAt,
  });

  const find = async (id: number): Promise<Watchlist> => {
    if (id === ENV_WATCHLIST_ID) return envList();
    const w = await store.watchlists.get(id);
    if (!w) throw notFound(id);
    return stored(w);
  };

  /** The write stands whatever happens here: the periodic re-read and a reload catch up. */
  const changed = async (change: WatchlistChange) => {
    await registry.refresh().catch((err: unknown) => log.warn({ err }, 'watchlist changed but the followed symbols could not be re-read yet'));
    await deps.publish(change).catch((err: unknown) => log.warn({ err }, 'watchlist changed but the live message could not be sent'));
  };

  const nameTaken = (err: unknown, name: string): unknown =>
    err instanceof StoreDataError && err.conflict && err.message.includes('watchlists_name_key')
      ? new HttpError(409, 'WATCHLIST_NAME_TAKEN', `A watchlist named "${name}" already exists`)
      : err;

  const change = async (id: number, edit: (current: readonly string[], name: string) => readonly string[]) => {
    if (id === ENV_WATCHLIST_ID) throw readOnly();
    const before = await store.watchlists.get(id);
    if (!before) throw notFound(id);
    const after = await store.watchlists.changeSymbols(id, (cur) => edit(cur, before.name));
    if (!after) throw notFound(id);
    const list = stored(after);
    await changed({ kind: 'upsert', watchlist: list });
    return list;
  };

  return {
    async list() {
      const lists = (await store.watchlists.list()).map(stored);
      return {
        watchlists: deps.config.watchlist.length > 0 ? [envList(), ...lists] : lists,
        limits: { maxLists: WATCHLIST_LIMITS.maxLists, maxSymbolsPerList: WATCHLIST_LIMITS.maxSymbolsPerList, maxSymbols: deps.config.symbols.max },
        trackedSymbols: registry.tracked().size,
      };
    },

    get: find,

    async create(body) {
      if ((await store.watchlists.count()) >= WATCHLIST_LIMITS.maxLists) {
        throw new HttpError(409, 'TOO_MANY_WATCHLISTS', `At most ${WATCHLIST_LIMITS.maxLists} watchlists; delete one first`);
      }
      const from = body.copyFrom === 'env' ? ENV_WATCHLIST_ID : body.copyFrom;
      const symbols = [...new Set(from === undefined ? (body.symbols ?? []) : (await find(from)).symbols)];
      if (symbols.length > WATCHLIST_LIMITS.maxSymbolsPerList) throw full(body.name);
      await registry.admit(symbols);
      const created = stored(await store.watchlists.create(body.name, symbols).catch((err: unknown) => Promise.reject(nameTaken(err, body.name))));
      await changed({ kind: 'upsert', watchlist: created });
      return created;
    },

    async rename(id, name) {
      if (id === ENV_WATCHLIST_ID) throw readOnly();
      const renamed = await store.watchlists.rename(id, name).catch((err: unknown) => Promise.reject(nameTaken(err, name)));
      if (!renamed) throw notFound(id);
      const list = stored(renamed);
      await changed({ kind: 'upsert', watchlist: list });
      return list;
    },

    async remove(id) {
      if (id === ENV_WATCHLIST_ID) throw readOnly();
      if (!(await store.watchlists.remove(id))) throw notFound(id);
      await changed({ kind: 'delete', id });
    },

    async addSymbol(id, symbol, position) {
      const current = await find(id);
      if (current.readOnly) throw readOnly();
      if (current.symbols.includes(symbol)) return current;
      await registry.admit([symbol]);
      return change(id, (cur, name) => {
        if (cur.includes(symbol)) return cur;
        if (cur.length >= WATCHLIST_LIMITS.maxSymbolsPerList) throw full(name);
        const at = Math.min(position ?? cur.length, cur.length);
        return [...cur.slice(0, at), symbol, ...cur.slice(at)];
      });
    },

    async removeSymbol(id, symbol) {
      const current = await find(id);
      if (current.readOnly) throw readOnly();
      if (!current.symbols.includes(symbol)) return current;
      return change(id, (cur) => cur.filter((s) => s !== symbol));
    },

    async reorder(id, symbols) {
      return change(id, (cur) => {
        if (!sameMembers(cur, symbols)) {
          throw new HttpError(409, 'WATCHLIST_ORDER_MISMATCH', `The new order must hold exactly the list's ${cur.length} symbols (${cur.join(', ')}); it may have changed meanwhile: reload it`);
        }
        return symbols;
      });
    },
  };
}
