// The symbols the server follows: the union of what each provider names (the WATCHLIST env list,
// stored watchlists, holdings, alert symbols, symbols pages are viewing), handed to the poller
// whenever it changes. Every instance re-reads its providers periodically (changes made through
// another instance reach the one that polls), and at once after a change made through it.
// New symbols are admitted here: known to the source, and within MAX_SYMBOLS, or refused with a
// typed error, never dropped silently.
import { HttpError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Poller } from '../poller/types.ts';
import { SourceError } from '../sources/errors.ts';
import type { QuoteSource } from '../sources/types.ts';
import type { Store } from '../store/types.ts';
import { createLookupCache } from './lookup-cache.ts';

/** One source of followed symbols; alerts plug in as one more. */
export interface SymbolProvider {
  readonly name: string;
  symbols(): Promise<readonly string[]>;
}

export interface SymbolRegistryDeps {
  /** read in order: the poller's list keeps the first provider's order first */
  providers: readonly SymbolProvider[];
  poller: Pick<Poller, 'symbols' | 'setSymbols'>;
  source: Pick<QuoteSource, 'lookup'>;
  store: Pick<Store, 'viewedSymbols'>;
  /** symbols this instance's live clients follow now */
  followed: () => Iterable<string>;
  logger: Logger;
  /** unix ms */
  now: () => number;
  config: { symbols: { max: number; viewGraceMs: number } };
  /** how often refresh runs on its own (and so how long a viewed mark must last beyond the grace) */
  everyMs: number;
}

export interface Admission {
  accepted: string[];
  /** the source does not know these */
  notFound: string[];
  /** following these would pass MAX_SYMBOLS */
  overLimit: string[];
}

export interface SymbolRegistry {
  /** Renews this instance's viewed marks, re-reads every provider and updates the poller; resolves to the union. */
  refresh(): Promise<readonly string[]>;
  /** Distinct symbols followed as of the last refresh. */
  tracked(): ReadonlySet<string>;
  /** Which of `symbols` may be followed: already tracked, or known to the source and within MAX_SYMBOLS. */
  check(symbols: readonly string[]): Promise<Admission>;
  /** check() as a rule: throws 404 SYMBOL_NOT_FOUND, 409 SYMBOL_LIMIT_REACHED or 503 SOURCE_UNAVAILABLE. */
  admit(symbols: readonly string[]): Promise<void>;
  /** Marks symbols viewed now (a page opened them) and refreshes; resolves to the ones new to the poller. */
  view(symbols: readonly string[]): Promise<string[]>;
  start(): Promise<void>;
  stop(): void;
}

export function unionOf(lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((s) => set.has(s));
}

export function createSymbolRegistry(deps: SymbolRegistryDeps): SymbolRegistry {
  const { logger, config } = deps;
  const log = logger.child({ module: 'symbols' });
  const max = config.symbols.max;
  const known = createLookupCache({ source: deps.source, now: deps.now });
  let tracked = new Set<string>(deps.poller.symbols());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<readonly string[]> | undefined;

  const viewedUntil = () => Math.ceil((deps.now() + config.symbols.viewGraceMs + deps.everyMs) / 1000);

  async function read(): Promise<readonly string[]> {
    const followed = [...deps.followed()];
    if (followed.length > 0) await deps.store.viewedSymbols.touch(followed, viewedUntil());
    const lists = await Promise.all(deps.providers.map((p) => p.symbols()));
    const next = unionOf(lists);
    tracked = new Set(next);
    if (!sameSet(deps.poller.symbols(), next)) {
      log.info({ symbols: next.length, by: Object.fromEntries(deps.providers.map((p, i) => [p.name, lists[i]?.length ?? 0])) }, 'followed symbols changed');
      deps.poller.setSymbols(next);
    }
    if (next.length > max) log.warn({ symbols: next.length, max }, 'more symbols followed than MAX_SYMBOLS (set by the environment or holdings); new ones are refused until some go');
    return next;
  }

  const registry: SymbolRegistry = {
    async refresh() {
      // One read at a time; a caller arriving meanwhile waits for a fresh one after it.
      while (running) await running.catch(() => undefined);
      running = read();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    tracked: () => tracked,
    async check(symbols) {
      const wanted = [...new Set(symbols.map((s) => s.toUpperCase()))];
      const fresh = wanted.filter((s) => !tracked.has(s));
      const answer: Admission = { accepted: wanted.filter((s) => tracked.has(s)), notFound: [], overLimit: [] };
      if (fresh.length === 0) return answer;
      const verdict = await known.lookup(fresh);
      answer.notFound = verdict.unknown;
      let room = Math.max(0, max - tracked.size);
      for (const s of verdict.known) {
        if (room > 0) {
          answer.accepted.push(s);
          room--;
        } else answer.overLimit.push(s);
      }
      return answer;
    },
    async admit(symbols) {
      let verdict: Admission;
      try {
        verdict = await registry.check(symbols);
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        throw new HttpError(503, 'SOURCE_UNAVAILABLE', `The quote source could not check ${symbols.join(', ')} now (${err.code}); try again shortly`, { cause: err });
      }
      if (verdict.notFound.length > 0) {
        throw new HttpError(404, 'SYMBOL_NOT_FOUND', `The quote source does not know ${verdict.notFound.join(', ')}`);
      }
      if (verdict.overLimit.length > 0) {
        throw new HttpError(409, 'SYMBOL_LIMIT_REACHED', `Following ${verdict.overLimit.join(', ')} would pass MAX_SYMBOLS (${max} distinct symbols across lists, holdings, alerts and viewed symbols); remove some first`);
      }
    },
    async view(symbols) {
      const fresh = symbols.filter((s) => !tracked.has(s));
      await deps.store.viewedSymbols.touch(symbols, viewedUntil());
      if (fresh.length > 0) await registry.refresh();
      return fresh;
    },
    async start() {
      await registry.refresh().catch((err: unknown) => log.warn({ err }, 'could not read the followed symbols; will retry'));
      timer ??= setInterval(() => {
        registry.refresh().catch((err: unknown) => log.warn({ err }, 'could not re-read the followed symbols; will retry'));
      }, deps.everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return registry;
}
