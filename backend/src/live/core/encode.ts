// Wire encodings, built once per batch and subscription group, then shared by every client in it.
import { constants, deflateRawSync } from 'node:zlib';
import type { ControlMessage } from '@tickstream/shared';
import type { Entry } from './entry.ts';

export type Transport = 'ws' | 'sse';
/** How a client's published frames are encoded: its transport, and for WebSocket whether it takes permessage-deflate. */
export type Encoding = Transport | 'ws-deflate';

/**
 * The deflate window for compressed frames. Each frame is compressed on its own (the server
 * negotiates server_no_context_takeover), so a frame can go to every client that accepted a window
 * at least this large. 4 KB compresses an 8-symbol snapshot as well as 32 KB (957 bytes of 3,412)
 * where 512 B leaves twice that; clients that ask for a smaller one get plain frames.
 */
export const DEFLATE_WINDOW_BITS = 12;

/** Writes the `header`-byte header of an unmasked frame (RFC 6455 5.2) whose first byte is `first`. */
function writeHeader(frame: Buffer, first: number, length: number, header: number): void {
  frame[0] = first;
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
}

const headerLength = (length: number) => (length < 126 ? 2 : length < 65536 ? 4 : 10);

/**
 * A complete unmasked WebSocket text frame (RFC 6455 5.2) around `payload`. Written as is to each
 * client's socket, so a batch costs one buffer per group instead of a re-framed copy per client.
 */
export function wsTextFrame(payload: string): Buffer {
  const length = Buffer.byteLength(payload);
  const header = headerLength(length);
  const frame = Buffer.allocUnsafe(header + length);
  writeHeader(frame, 0x81, length, header); // FIN + text
  frame.write(payload, header, 'utf8');
  return frame;
}

/**
 * The same message compressed (RFC 7692 7.2.1: raw deflate, sync flush, without the final
 * 00 00 ff ff) in a text frame with RSV1 set, for clients that negotiated permessage-deflate.
 */
export function wsDeflateFrame(payload: string): Buffer {
  const deflated = deflateRawSync(payload, { windowBits: DEFLATE_WINDOW_BITS, finishFlush: constants.Z_SYNC_FLUSH });
  const length = deflated.length - 4;
  const header = headerLength(length);
  const frame = Buffer.allocUnsafe(header + length);
  writeHeader(frame, 0xc1, length, header); // FIN + RSV1 (compressed) + text
  deflated.copy(frame, header, 0, length);
  return frame;
}

/** Whether a negotiated Sec-WebSocket-Extensions value lets this server send frames compressed as above. */
export function takesDeflateFrames(extensions: string): boolean {
  const offer = extensions.split(',').find((e) => e.trim().startsWith('permessage-deflate'));
  if (!offer || !/\bserver_no_context_takeover\b/.test(offer)) return false;
  const bits = /\bserver_max_window_bits\s*=\s*"?(\d+)/.exec(offer);
  return !bits || Number(bits[1]) >= DEFLATE_WINDOW_BITS;
}

function batchJson(entries: readonly Entry[]): string {
  let payload = '[';
  for (let i = 0; i < entries.length; i++) payload += (i ? ',' : '') + (entries[i] as Entry).json;
  return payload + ']';
}

/** A batch as one JSON array: one frame per poll, however many symbols it touched. */
export function wsBatchFrame(entries: readonly Entry[]): Buffer {
  return wsTextFrame(batchJson(entries));
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

export const batchEncoders: Record<Encoding, (entries: readonly Entry[]) => Buffer> = {
  ws: wsBatchFrame,
  'ws-deflate': (entries) => wsDeflateFrame(batchJson(entries)),
  sse: sseBatchChunk,
};
