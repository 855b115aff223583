// An upgrade request never reaches express, so its refusal is written on the raw socket. It still
// follows the API's one error contract: the HttpError's status and a `{ error: { code, message } }`
// body, then the socket is destroyed once written (a peer that never reads cannot hold it open).
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpError } from '../errors.ts';

export function refuseUpgrade(socket: Duplex, err: HttpError): void {
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
