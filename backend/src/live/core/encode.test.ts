import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { takesDeflateFrames, wsDeflateFrame, wsTextFrame } from './encode.ts';

// ws's own framing (exported at runtime, not in its type declarations), as the reference.
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
};
const reference = (text: string) => Buffer.concat(Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));

describe('pre-built WebSocket text frames', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])('match what ws would send for a %i-byte payload', (n) => {
    const text = 'x'.repeat(n);
    expect(wsTextFrame(text).equals(reference(text))).toBe(true);
  });

  it('count UTF-8 bytes, not characters', () => {
    const text = '€'.repeat(50);
    expect(wsTextFrame(text).equals(reference(text))).toBe(true);
  });
});

describe('compressed frames (permessage-deflate)', () => {
  it('are read back by a ws client that negotiated them, the same message as the plain frame, and smaller', async () => {
    const payload = JSON.stringify(Array.from({ length: 16 }, (_, i) => ({ type: 'tick', offset: 1_700_000_000_000_000 + i, tick: { symbol: `S${i % 8}`, price: 100 + i } })));
    const server = createServer();
    const wss = new ws.WebSocketServer({ server, perMessageDeflate: { serverNoContextTakeover: true } });
    let answered = '';
    wss.on('headers', (headers) => (answered = headers.find((h) => h.startsWith('Sec-WebSocket-Extensions')) ?? ''));
    wss.on('connection', (_socket, req) => {
      // written raw, as the hub does, twice: each frame must stand alone
      const frame = wsDeflateFrame(payload);
      req.socket.write(frame);
      req.socket.write(frame);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new ws.WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received = await new Promise<string[]>((resolve) => {
      const got: string[] = [];
      client.on('message', (data) => got.push(String(data)) === 2 && resolve(got));
    });
    client.close();
    wss.close();
    server.close();
    expect(takesDeflateFrames(answered.slice(answered.indexOf(':') + 1))).toBe(true);
    expect(received).toEqual([payload, payload]);
    expect(wsDeflateFrame(payload).length).toBeLessThan(wsTextFrame(payload).length / 2);
  });

  it.each([
    ['permessage-deflate; server_no_context_takeover; client_max_window_bits=10', true],
    ['permessage-deflate; server_no_context_takeover; server_max_window_bits=12', true],
    ['permessage-deflate; server_no_context_takeover; server_max_window_bits=11', false],
    ['permessage-deflate; client_no_context_takeover', false],
    ['', false],
  ])('go only where the handshake lets each frame stand alone with a window of 12 bits or more: %j -> %s', (answered, takes) => {
    expect(takesDeflateFrames(answered)).toBe(takes);
  });
});
