// Wire encodings, built once per batch and subscription group, then shared by every client in it.
import type { ControlMessage } from '@tickstream/shared';
import type { Entry } from './entry.ts';

export type Transport = 'ws' | 'sse';

/**
 * A complete unmasked WebSocket text frame (RFC 6455 5.2) around `payload`. Written as is to each
 * client's socket, so a batch costs one buffer per group instead of a re-framed copy per client.
 */
export function wsTextFrame(payload: string): Buffer {
  const length = Buffer.byteLength(payload);
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN + text
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(payload, header, 'utf8');
  return frame;
}

/** A batch as one JSON array: one frame per poll, however many symbols it touched. */
export function wsBatchFrame(entries: readonly Entry[]): Buffer {
  let payload = '[';
  for (let i = 0; i < entries.length; i++) payload += (i ? ',' : '') + (entries[i] as Entry).json;
  return wsTextFrame(payload + ']');
}

export function sseEvent(entry: Entry): string {
  return `id: ${entry.offset}\nevent: ${entry.type}\ndata: ${entry.json}\n\n`;
}

export function sseBatchChunk(entries: readonly Entry[]): Buffer {
  let chunk = '';
  for (const e of entries) chunk += sseEvent(e);
  return Buffer.from(chunk);
}

export function sseControlEvent(message: ControlMessage): string {
  return `event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

export const batchEncoders: Record<Transport, (entries: readonly Entry[]) => Buffer> = {
  ws: wsBatchFrame,
  sse: sseBatchChunk,
};
