// Watchlist wire contract: what /api/watchlists... accepts and returns, and the live message that
// tells every open page (on every instance) that a list changed. The WATCHLIST environment list is
// served first, read-only (source "env", id 0); lists made in the page are stored (source "user").
import * as z from 'zod/mini';
import { hasControlCharacter } from './portfolio.ts';
import { symbolSchema } from './market.ts';

export const WATCHLIST_LIMITS = {
  /** stored lists (the env list does not count) */
  maxLists: 50,
  maxSymbolsPerList: 200,
  maxNameLength: 60,
} as const;

/** The id of the list set by the WATCHLIST environment variable; stored lists have ids >= 1. */
export const ENV_WATCHLIST_ID = 0;

export const WATCHLIST_SOURCES = ['env', 'user'] as const;

export const watchlistSchema = z.object({
  /** 0 for the env list, a positive whole number for a stored list */
  id: z.int().check(z.nonnegative()),
  name: z.string(),
  /** upper-case Yahoo symbols, in the list's order, no duplicates */
  symbols: z.array(z.string()),
  /** env: set by WATCHLIST, read-only; user: made through the API */
  source: z.enum(WATCHLIST_SOURCES),
  /** true for the env list: every write to it answers 409 WATCHLIST_READ_ONLY */
  readOnly: z.boolean(),
  /** unix seconds (for the env list: when the server started) */
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Watchlist = z.infer<typeof watchlistSchema>;

export const watchlistsResponseSchema = z.object({
  /** the env list first (when WATCHLIST is not empty), then stored lists by id */
  watchlists: z.array(watchlistSchema),
  limits: z.object({
    maxLists: z.int(),
    maxSymbolsPerList: z.int(),
    /** MAX_SYMBOLS: distinct symbols followed across lists, holdings, alerts and viewed symbols */
    maxSymbols: z.int(),
  }),
  /** distinct symbols the server follows now (the union MAX_SYMBOLS bounds) */
  trackedSymbols: z.int().check(z.nonnegative()),
});
export type WatchlistsResponse = z.infer<typeof watchlistsResponseSchema>;

export const watchlistNameSchema = z.string('must be text').check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(WATCHLIST_LIMITS.maxNameLength, `must be at most ${WATCHLIST_LIMITS.maxNameLength} characters`),
  z.refine((s) => !hasControlCharacter(s), 'must not contain control characters'),
  z.refine((s) => s.isWellFormed(), 'must be valid Unicode text'),
  z.describe(`1 to ${WATCHLIST_LIMITS.maxNameLength} characters, unique among lists (case-insensitive)`),
);

const symbolList = z
  .array(symbolSchema)
  .check(z.maxLength(WATCHLIST_LIMITS.maxSymbolsPerList, `must hold at most ${WATCHLIST_LIMITS.maxSymbolsPerList} symbols`));

/**
 * POST /api/watchlists. `symbols` seeds the list (each must be known to the quote source);
 * `copyFrom` copies another list's symbols ("env" for the WATCHLIST list, or a list id) instead.
 */
export const watchlistCreateSchema = z
  .object({
    name: watchlistNameSchema,
    symbols: z.optional(symbolList),
    copyFrom: z
      .optional(z.union([z.literal('env'), z.number().check(z.int(), z.nonnegative())]))
      .check(z.describe('"env" (or 0) copies the WATCHLIST list; a list id copies that list')),
  })
  .check(z.refine((b) => !(b.symbols && b.copyFrom !== undefined), { message: 'give symbols or copyFrom, not both' }));
export type WatchlistCreate = z.infer<typeof watchlistCreateSchema>;

/** PATCH /api/watchlists/{id}: rename. */
export const watchlistRenameSchema = z.object({ name: watchlistNameSchema });
export type WatchlistRename = z.infer<typeof watchlistRenameSchema>;

/**
 * POST /api/watchlists/{id}/symbols: add one symbol (validated with the quote source), at the end
 * or at `position` (0 = first). Adding a symbol already in the list changes nothing and answers 200.
 */
export const watchlistAddSymbolSchema = z.object({
  symbol: symbolSchema,
  position: z.optional(z.number().check(z.int(), z.nonnegative())).check(z.describe('0-based index to insert at; default: the end')),
});
export type WatchlistAddSymbol = z.infer<typeof watchlistAddSymbolSchema>;

/**
 * PUT /api/watchlists/{id}/symbols: the list's full new order. It must hold exactly the list's
 * current symbols (409 WATCHLIST_ORDER_MISMATCH otherwise: another tab changed it; reload and retry).
 */
export const watchlistReorderSchema = z.object({ symbols: symbolList });
export type WatchlistReorder = z.infer<typeof watchlistReorderSchema>;

/** What a `watchlists` live message says changed. */
export const watchlistChangeSchema = z.discriminatedUnion('kind', [
  /** created, renamed, or its symbols added / removed / reordered: the list as stored now */
  z.object({ kind: z.literal('upsert'), watchlist: watchlistSchema }),
  z.object({ kind: z.literal('delete'), id: z.int().check(z.positive()) }),
]);
export type WatchlistChange = z.infer<typeof watchlistChangeSchema>;
