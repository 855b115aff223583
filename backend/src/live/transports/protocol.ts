// Client -> server messages: JSON, then the shared zod schema. Every failure becomes a typed
// `error` the client can act on; the connection stays open.
import { clientMessageSchema, type ClientMessage, type ErrorCode } from '@tickstream/shared';
import '../../zod-messages.ts';

export type ParseResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: Extract<ErrorCode, 'BAD_JSON' | 'BAD_MESSAGE' | 'UNKNOWN_SYMBOL'>; message: string };

const TYPES = clientMessageSchema.def.options.map((o) => o.shape.type.def.values[0]);

export function parseClientMessage(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'BAD_JSON', message: 'Message is not valid JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'BAD_MESSAGE', message: `Message must be a JSON object with a "type" (${TYPES.join(', ')})` };
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !(TYPES as string[]).includes(type)) {
    return { ok: false, code: 'BAD_MESSAGE', message: `Unknown message type ${JSON.stringify(type ?? null)}: expected ${TYPES.join(', ')}` };
  }
  const parsed = clientMessageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path ?? [];
  if (path[0] === 'symbols' && typeof path[1] === 'number') {
    const symbols = (raw as { symbols: unknown[] }).symbols;
    return { ok: false, code: 'UNKNOWN_SYMBOL', message: `${JSON.stringify(symbols[path[1]])} is not a ticker symbol` };
  }
  const where = path.length ? ` at ${path.join('.')}` : '';
  return { ok: false, code: 'BAD_MESSAGE', message: `Invalid ${type} message${where}: ${issue?.message ?? 'invalid'}` };
}
