// Incoming WebSocket frames: one message or a JSON array of them, each validated on its own so a
// single malformed entry does not cost the rest of a poll's batch.
import { serverMessageSchema, type ServerMessage } from '@tickstream/shared';

export interface ParsedFrame {
  messages: ServerMessage[];
  /** entries that failed validation (logged by the caller, never thrown) */
  rejected: number;
}

export function parseFrame(data: string): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { messages: [], rejected: 1 };
  }
  const entries = Array.isArray(raw) ? raw : [raw];
  const messages: ServerMessage[] = [];
  let rejected = 0;
  for (const entry of entries) {
    const parsed = serverMessageSchema.safeParse(entry);
    if (parsed.success) messages.push(parsed.data);
    else rejected++;
  }
  return { messages, rejected };
}
