// The pages are rendered in the browser (the server sends the same shell for every page), so by
// themselves they would show nothing until the app's JavaScript has run and fetched, and an unknown
// symbol's page would answer 200 before drawing "Not found". This middleware runs before the page
// handler and marks the request for the frontend's server hook (frontend/src/hooks.server.ts):
// - on a symbol page, it asks the registry (the same check /api/history makes, cached) whether the
//   source knows the symbol; an unknown one is marked 404, and the hook answers 404 with the shell
//   (the page's own `load` then shows the not-found page with suggestions);
// - on the symbol page of a known symbol and on the watchlist page, it hands the hook an in-process
//   reader of the API: the shell carries what those pages show first (the chart's first history
//   window; the shown list's cards with their prices), drawn and as data, so it needs no round trip
//   and no JavaScript.
import type { RequestHandler } from 'express';
import { symbolSchema } from '@tickstream/shared';
import type { SymbolRegistry } from '../symbols/registry.ts';
import type { HistoryService } from '../history/service.ts';
import { parseHistoryParams } from '../history/params.ts';
import type { WatchlistService } from '../watchlists/service.ts';
import type { ReadQuotes } from './quotes.ts';

/** Read by frontend/src/hooks.server.ts through adapter-node's `platform.req`. */
export interface PageRequest {
  pageStatus?: number;
  /**
   * What GET `path` answers, read in-process with the same rules and errors as the route (a 400 or
   * 404 rejects): /api/history, /api/quotes and /api/watchlists. Set on the pages that show them first.
   */
  readApi?: (path: string) => Promise<unknown>;
}

export interface PageReads {
  history: Pick<HistoryService, 'get'>;
  quotes: ReadQuotes;
  watchlists: Pick<WatchlistService, 'list'>;
}

export function apiReader(reads: PageReads): (path: string) => Promise<unknown> {
  return async (path) => {
    const url = new URL(path, 'http://page.invalid');
    switch (url.pathname) {
      case '/api/history':
        return reads.history.get(parseHistoryParams(Object.fromEntries(url.searchParams)));
      case '/api/quotes':
        return reads.quotes();
      case '/api/watchlists':
        return reads.watchlists.list();
      default:
        throw new Error(`${url.pathname} is not read in-process`);
    }
  };
}

export function pageRequests(registry: Pick<SymbolRegistry, 'check'>, reads: PageReads): RequestHandler {
  const readApi = apiReader(reads);
  return (req, _res, next) => {
    if (req.method !== 'GET') return next();
    const page = req as typeof req & PageRequest;
    if (req.path === '/') {
      page.readApi = readApi;
      return next();
    }
    const m = /^\/symbol\/([^/]+)\/?$/.exec(req.path);
    if (!m) return next();
    let raw: string;
    try {
      raw = decodeURIComponent(m[1] ?? '');
    } catch {
      return next(); // the page handler answers a bad escape itself
    }
    const symbol = symbolSchema.safeParse(raw);
    const mark = (status: number) => (page.pageStatus = status);
    if (!symbol.success) {
      mark(404);
      return next();
    }
    registry.check([symbol.data]).then(
      (verdict) => {
        if (verdict.notFound.length > 0) mark(404);
        else page.readApi = readApi;
        next();
      },
      // source unreachable: no verdict, the page says what /api/history says
      () => next(),
    );
  };
}
