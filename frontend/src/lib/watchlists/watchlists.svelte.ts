// Every watchlist the page knows, edited optimistically: the change shows at once, goes to the
// server (writes one at a time, in order), and is undone with a message if the server refuses it.
// Changes made elsewhere (another tab, another instance) arrive as `watchlists` live messages.
import type { WatchlistChange } from '@tickstream/shared';
import { ApiError } from '../api/send.ts';
import type { Watchlist, WatchlistsApi } from './api.ts';
import { copyName, moveBy, moveTo, withoutSymbol } from './order.ts';

/** the name of the list "add" makes when there is no editable list yet */
export const FIRST_LIST_NAME = 'My list';

export class Watchlists {
  lists = $state.raw<Watchlist[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** the server refused a write for want of the API token: the page asks for it */
  needsToken = $state(false);
  /** read out by an aria-live region (and shown as a toast) after each edit */
  announcement = $state('');
  /** the list the page shows; "add" from the search goes there when it is editable */
  currentId = $state<number | null>(null);
  #api: WatchlistsApi;
  #queue: Promise<unknown> = Promise.resolve();
  #pending = 0;
  /** a live change arrived while own writes were in flight: fetch the truth once they are done */
  #stale = false;
  #retry: (() => Promise<unknown>) | null = null;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(api: WatchlistsApi) {
    this.#api = api;
  }

  /** `keepError`: a reload after a refused write must not hide why it was refused. */
  async load(keepError = false): Promise<void> {
    try {
      const lists = await this.#api.all();
      // a read again that finds nothing new (the usual case, lib/watchlists/live.ts) redraws nothing
      if (JSON.stringify(lists) !== JSON.stringify(this.lists)) this.lists = lists;
      this.loaded = true;
      if (!keepError) this.error = null;
    } catch (err) {
      this.error = `Could not load the watchlists: ${messageOf(err)}`;
    }
  }

  /**
   * Reads the lists again because live messages may have been missed (lib/watchlists/live.ts). With
   * own writes in flight it waits for them, as a live change does: an answer read meanwhile could
   * undo an optimistic edit still on its way.
   */
  refresh(): Promise<void> {
    if (this.#pending > 0) {
      this.#stale = true;
      return Promise.resolve();
    }
    return this.load();
  }

  /** A `watchlists` live message: another tab or instance (or this page's own write) changed a list. */
  apply(change: WatchlistChange): void {
    if (this.#pending > 0) {
      // applying it now could undo an optimistic edit still on its way; the server has the last word after
      this.#stale = true;
      return;
    }
    if (change.kind === 'delete') this.lists = this.lists.filter((l) => l.id !== change.id);
    else if (this.byId(change.watchlist.id)) this.#install(change.watchlist);
    else this.lists = [...this.lists, change.watchlist];
  }

  byId(id: number | null): Watchlist | undefined {
    return id === null ? undefined : this.lists.find((l) => l.id === id);
  }

  get editable(): Watchlist[] {
    return this.lists.filter((l) => !l.readOnly);
  }

  /** Where "add" from the search goes: the list on screen if editable, else the first editable one. */
  get addTarget(): Watchlist | null {
    const current = this.byId(this.currentId);
    return current && !current.readOnly ? current : (this.editable[0] ?? null);
  }

  /** "Add to list" from the search: into the add target, or a first list made for it. */
  async addToTarget(symbol: string): Promise<boolean> {
    const target = this.addTarget;
    if (target) return this.add(target.id, symbol);
    return (await this.create(FIRST_LIST_NAME, [symbol])) !== null;
  }

  create(name: string, symbols: readonly string[] = []): Promise<Watchlist | null> {
    return this.#create(name, { symbols });
  }

  /** Copies a list (the environment's, read-only) into a new editable one. */
  copy(id: number): Promise<Watchlist | null> {
    const source = this.byId(id);
    if (!source) return Promise.resolve(null);
    return this.#create(copyName(source.name, this.lists.map((l) => l.name)), { copyFrom: id });
  }

  async #create(name: string, from: { symbols?: readonly string[]; copyFrom?: number }): Promise<Watchlist | null> {
    const trimmed = name.trim();
    if (trimmed === '') {
      this.error = 'A list needs a name.';
      return null;
    }
    let created: Watchlist | null = null;
    await this.#write(async () => {
      const made = await this.#api.create(trimmed, from);
      created = made;
      this.lists = [...this.lists.filter((l) => l.id !== made.id), made];
      this.#announce(`Created list ${made.name}`);
    });
    return created;
  }

  rename(id: number, name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (trimmed === '') {
      this.error = 'A list needs a name.';
      return Promise.resolve(false);
    }
    return this.#edit(id, (l) => ({ ...l, name: trimmed }), () => this.#api.rename(id, trimmed), `Renamed to ${trimmed}`);
  }

  async remove(id: number): Promise<boolean> {
    const list = this.byId(id);
    if (!list || list.readOnly) return false;
    const before = this.lists;
    this.lists = this.lists.filter((l) => l.id !== id);
    return this.#write(
      async () => {
        await this.#api.remove(id);
        this.#announce(`Deleted list ${list.name}`);
      },
      () => (this.lists = before),
    );
  }

  add(id: number, symbol: string): Promise<boolean> {
    const list = this.byId(id);
    if (list?.symbols.includes(symbol)) {
      this.#announce(`${symbol} is already in ${list.name}`);
      return Promise.resolve(true);
    }
    // not shown before the server has it: the source may not know the symbol
    return this.#edit(id, (l) => l, () => this.#api.addSymbol(id, symbol), `Added ${symbol} to ${list?.name ?? 'the list'}`);
  }

  removeSymbol(id: number, symbol: string): Promise<boolean> {
    return this.#edit(
      id,
      (l) => ({ ...l, symbols: [...withoutSymbol(l.symbols, symbol)] }),
      () => this.#api.removeSymbol(id, symbol),
      `Removed ${symbol}`,
    );
  }

  /** Keyboard reorder (Alt+Arrow, move buttons): one place up or down. */
  move(id: number, symbol: string, delta: number): Promise<boolean> {
    const list = this.byId(id);
    if (!list) return Promise.resolve(false);
    return this.#reorder(list, moveBy(list.symbols, symbol, delta), symbol);
  }

  /** Drag and drop: the entry at `from` lands at `to`. */
  moveTo(id: number, from: number, to: number): Promise<boolean> {
    const list = this.byId(id);
    if (!list) return Promise.resolve(false);
    return this.#reorder(list, moveTo(list.symbols, from, to), list.symbols[from] ?? '');
  }

  #reorder(list: Watchlist, next: readonly string[], symbol: string): Promise<boolean> {
    if (next === list.symbols) return Promise.resolve(true);
    const symbols = [...next];
    const said = `${symbol} moved to position ${symbols.indexOf(symbol) + 1} of ${symbols.length}`;
    return this.#edit(list.id, (l) => ({ ...l, symbols }), () => this.#api.reorder(list.id, symbols), said);
  }

  async provideToken(token: string): Promise<void> {
    this.#api.setToken(token);
    this.needsToken = false;
    const retry = this.#retry;
    this.#retry = null;
    if (retry) await this.#write(retry);
  }

  cancelToken(): void {
    this.needsToken = false;
    this.#retry = null;
  }

  /** Shows the edited list at once, then saves it; the server's answer (or the old list) replaces it. */
  #edit(id: number, local: (l: Watchlist) => Watchlist, save: () => Promise<Watchlist>, said: string): Promise<boolean> {
    const list = this.byId(id);
    if (!list || list.readOnly) {
      this.error = 'The list set by the environment cannot be changed here; copy it to an editable list first.';
      return Promise.resolve(false);
    }
    this.#install(local(list));
    return this.#write(
      async () => {
        this.#install(await save());
        this.#announce(said);
      },
      () => this.#install(list),
    );
  }

  #install(list: Watchlist): void {
    this.lists = this.lists.map((l) => (l.id === list.id ? list : l));
  }

  #write(action: () => Promise<unknown>, undo?: () => void): Promise<boolean> {
    this.#pending++;
    const run = this.#queue.then(async () => {
      try {
        await action();
        this.error = null;
        return true;
      } catch (err) {
        undo?.();
        if (err instanceof ApiError && err.status === 401) {
          this.needsToken = true;
          this.#retry = action;
          this.error = 'This server needs its API token to change watchlists.';
        } else {
          this.error = messageOf(err);
        }
        this.#announce(`Not saved: ${this.error}`);
        // another tab changed the list under this edit (order mismatch): start from the server's
        if (err instanceof ApiError && err.status === 409) this.#stale = true;
        return false;
      } finally {
        this.#pending--;
        if (this.#pending === 0 && this.#stale) {
          this.#stale = false;
          void this.load(true);
        }
      }
    });
    this.#queue = run;
    return run;
  }

  #announce(text: string): void {
    this.announcement = text;
    clearTimeout(this.#announceTimer);
    // also shown as a toast: it goes away by itself
    this.#announceTimer = setTimeout(() => (this.announcement = ''), 5000);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
