import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, BadRequestError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';

export function sendError(res: Parameters<RequestHandler>[1], status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(res, 404, 'NOT_FOUND', `No API route for ${req.method} ${req.baseUrl}${req.path}`);
};

/** Renders every error as `{ error: { code, message } }`; only unexpected ones are logged as errors. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof BadRequestError) return sendError(res, err.status, err.code, err.message);
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') return sendError(res, 400, 'BAD_JSON', 'Request body is not valid JSON');
    if (e?.type === 'entity.too.large') return sendError(res, 413, 'BODY_TOO_LARGE', 'Request body is too large');
    if (err instanceof AppError && err.code.startsWith('STORE_')) {
      logger.warn({ err, path: req.path }, 'store unavailable');
      return sendError(res, 503, err.code, 'The database is unavailable; try again shortly');
    }
    logger.error({ err, path: req.path }, 'unhandled request error');
    sendError(res, 500, 'INTERNAL', 'Internal server error');
  };
}

/** Records latency by matched route (not raw URL, to keep label cardinality bounded). */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path.startsWith('/api') ? 'api-unmatched' : 'page';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
