// The symbol page is rendered in the browser (the server sends the same shell for every page), so
// by itself an unknown symbol's page would answer 200 and only then draw "Not found". Before the
// page handler runs, this asks the registry (the same check /api/history makes, cached) whether the
// source knows the symbol, and marks the request so the frontend's server hook answers 404 with
// the shell; the page's own `load` then shows the not-found page with suggestions.
// It also hands the hook an in-process reader of /api/history: the shell carries the chart's first
// history window (drawn and as data), so the first candles need no round trip and no JavaScript.
import type { RequestHandler } from 'express';
import { symbolSchema } from '@tickstream/shared';
import type { SymbolRegistry } from '../symbols/registry.ts';
import type { HistoryService } from '../history/service.ts';
import { parseHistoryParams } from '../history/params.ts';

/** Read by frontend/src/hooks.server.ts through adapter-node's `platform.req`. */
export interface PageRequest {
  pageStatus?: number;
  /**
   * What GET `path` (an /api/history URL) answers, read in-process: the same rules and errors
   * (a 400 or 404 rejects) as the route. Set on the pages of symbols not known to be missing.
   */
  readHistory?: (path: string) => Promise<unknown>;
}

export function historyReader(history: Pick<HistoryService, 'get'>): (path: string) => Promise<unknown> {
  return async (path) => {
    const url = new URL(path, 'http://page.invalid');
    if (url.pathname !== '/api/history') throw new Error(`${url.pathname} is not the history API`);
    return history.get(parseHistoryParams(Object.fromEntries(url.searchParams)));
  };
}

export function symbolPageStatus(registry: Pick<SymbolRegistry, 'check'>, history: Pick<HistoryService, 'get'>): RequestHandler {
  const readHistory = historyReader(history);
  return (req, _res, next) => {
    const m = /^\/symbol\/([^/]+)\/?$/.exec(req.path);
    if (req.method !== 'GET' || !m) return next();
    let raw: string;
    try {
      raw = decodeURIComponent(m[1] ?? '');
    } catch {
      return next(); // the page handler answers a bad escape itself
    }
    const symbol = symbolSchema.safeParse(raw);
    const page = req as typeof req & PageRequest;
    const mark = (status: number) => (page.pageStatus = status);
    if (!symbol.success) {
      mark(404);
      return next();
    }
    registry.check([symbol.data]).then(
      (verdict) => {
        if (verdict.notFound.length > 0) mark(404);
        else page.readHistory = readHistory;
        next();
      },
      // source unreachable: no verdict, the page says what /api/history says
      () => next(),
    );
  };
}
