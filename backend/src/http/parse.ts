// Reading a route's id parameter and JSON body with zod, answering typed 400s (shared by the
// portfolio and alerts routes).
import type { Request } from 'express';
import type * as z from 'zod/mini';
import type { ApiErrorCode } from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';
import '../zod-messages.ts';

const MAX_ID = 2 ** 31 - 1;

/** `:id` as a positive integer column value; `what` names it in the message ("Holding", "Alert"). */
export function parseIdParam(req: Request, what: string): number {
  const raw = String(req.params.id);
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= MAX_ID)) throw new BadRequestError('INVALID_ID', `${what} id ${JSON.stringify(raw)} is not a positive whole number`);
  return id;
}

/** 400 `code` with a message per field, so a page can show each error next to its input. */
export function parseJsonBody<T extends z.ZodMiniType>(schema: T, req: Request, code: ApiErrorCode): z.infer<T> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw new BadRequestError(code, 'Send a JSON object with Content-Type: application/json');
  }
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
  const message = Object.entries(fields).map(([k, m]) => (k === '_' ? m : `${k} ${m}`)).join('; ');
  throw new BadRequestError(code, message, { fields });
}
