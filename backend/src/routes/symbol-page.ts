// The symbol page is rendered in the browser (the server sends the same shell for every page), so
// by itself an unknown symbol's page would answer 200 and only then draw "Not found". Before the
// page handler runs, this asks the registry (the same check /api/history makes, cached) whether the
// source knows the symbol, and marks the request so the frontend's server hook answers 404 with
// the shell; the page's own `load` then shows the not-found page with suggestions.
import type { RequestHandler } from 'express';
import { symbolSchema } from '@tickstream/shared';
import type { SymbolRegistry } from '../symbols/registry.ts';

/** Read by frontend/src/hooks.server.ts through adapter-node's `platform.req`. */
export interface PageRequest {
  pageStatus?: number;
}

export function symbolPageStatus(registry: Pick<SymbolRegistry, 'check'>): RequestHandler {
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
    const mark = (status: number) => ((req as typeof req & PageRequest).pageStatus = status);
    if (!symbol.success) {
      mark(404);
      return next();
    }
    registry.check([symbol.data]).then(
      (verdict) => {
        if (verdict.notFound.length > 0) mark(404);
        next();
      },
      // source unreachable: no verdict, the page says what /api/history says
      () => next(),
    );
  };
}
