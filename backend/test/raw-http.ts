// node:http requests with any headers (fetch will not send a chosen Host), for probing the server
// the way a hostile client or a rebinding page would.
import { request } from 'node:http';
import { checkContract } from './support/contract.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** the server switched protocols (101) */
  upgraded: boolean;
}

export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const done = () => {
        const answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), upgraded: false };
        // a refused /ws upgrade is not a REST answer; everything else under /api and /metrics is
        const upgrade = String(opts.headers?.Upgrade ?? '').toLowerCase() === 'websocket';
        try {
          if (!upgrade) checkContract({ method: opts.method ?? 'GET', path: opts.path, status: answer.status, contentType: String(res.headers['content-type'] ?? ''), body: answer.body });
        } catch (err) {
          reject(err as Error);
          return;
        }
        resolve(answer);
      };
      // an event stream never ends on its own: its status and headers are the answer
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy();
        done();
        return;
      }
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', done);
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', upgraded: true });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The headers of a WebSocket upgrade request. */
export const WS_UPGRADE_HEADERS = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
} as const;
