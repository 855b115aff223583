// A local webhook receiver for the alert tests: records every request (headers, raw body) and
// answers what the test says: a status, or 'hang' (never answers; the connection stays open).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  atMs: number;
  /** true once the receiver answered 2xx on a connection that was still open */
  accepted: boolean;
}

export type Answer = number | 'hang';

/** Opening an embedded PGlite store (WASM start + migrations) takes 30 s and more on a busy machine. */
export const PGLITE_OPEN_MS = 180_000;

export interface Receiver {
  url: string;
  requests: Received[];
  /** what the next requests get; a function sees the request number (0-based) */
  answer: Answer | ((n: number, r: Received) => Answer);
  accepted(): Received[];
  close(): Promise<void>;
}

export async function startReceiver(answer: Receiver['answer'] = 204): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    requests: [],
    answer,
    accepted: () => receiver.requests.filter((r) => r.accepted),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now(), accepted: false };
      const n = receiver.requests.length;
      receiver.requests.push(r);
      const a = typeof receiver.answer === 'function' ? receiver.answer(n, r) : receiver.answer;
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      res.statusCode = a;
      res.end(a >= 200 && a < 300 ? '' : 'nope', () => {
        r.accepted = a >= 200 && a < 300 && !req.socket.destroyed;
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
