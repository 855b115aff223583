import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { toErrorResponse } from './error-response.ts';

export const notFoundHandler: RequestHandler = (req) => {
  throw new HttpError(404, 'NOT_FOUND', `No API route for ${req.method} ${req.baseUrl}${req.path}`);
};

/** Renders every error as `{ error: { code, message, fields? } }` with the status toErrorResponse picks. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const { status, body, log } = toErrorResponse(err);
    if (log) logger[log.level]({ ...log.fields, method: req.method, path: req.path }, log.msg);
    res.status(status).json(body);
  };
}

/**
 * Records latency by matched route (not raw URL, to keep label cardinality bounded). The label is
 * taken when the router matches the route, while `req.baseUrl` still holds the mount path: by the
 * time an error reaches the app-level handler the router has reset it, which labelled one endpoint
 * two ways (`/api/history` on success, `/history` on errors).
 */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    let matched: string | undefined;
    let route: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set(value: { path?: unknown } | undefined) {
        route = value;
        if (value?.path !== undefined) matched = `${req.baseUrl}${String(value.path)}`;
      },
    });
    res.on('finish', () => {
      const label = matched ?? (req.path.startsWith('/api') ? 'api-unmatched' : 'page');
      stop({ method: req.method, route: label, status: String(res.statusCode) });
    });
    next();
  };
}
