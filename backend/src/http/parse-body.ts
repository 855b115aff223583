// Validates a JSON body with a zod schema: 400 with the given code and a message per field, so a
// page can show each error next to its input.
import type { Request } from 'express';
import type { z } from 'zod';
import type { ApiErrorCode } from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';

export function parseBody<T extends z.ZodType>(schema: T, req: Request, code: ApiErrorCode): z.infer<T> {
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
