import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, ERROR_CODES, clientMessageSchema, serverMessageSchema } from '../messages.ts';
import { buildAsyncApiDocument, liveMessages } from './asyncapi.ts';

describe('the AsyncAPI document of the live protocol', () => {
  const doc = buildAsyncApiDocument() as {
    asyncapi: string;
    channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    components: { messages: Record<string, { payload: { properties: Record<string, unknown> } }> };
    'x-close-codes': { code: number }[];
    'x-error-codes': string[];
  };

  it('has one message per type of the message map, client and server', () => {
    const expected = [
      ...clientMessageSchema.def.options.map((o) => o.shape.type.def.values[0]),
      ...serverMessageSchema.def.options.flatMap((u) => u.def.options.map((o) => o.shape.type.def.values[0])),
    ];
    expect(Object.keys(doc.components.messages).sort()).toEqual([...expected].sort());
    expect(doc.asyncapi).toBe('3.0.0');
  });

  it('puts every message on /ws, and on /api/stream every server message a browser can get', () => {
    expect(doc.channels.ws?.address).toBe('/ws');
    expect(Object.keys(doc.channels.ws?.messages ?? {}).length).toBe(liveMessages().length);
    expect(doc.channels.sse?.address).toBe('/api/stream');
    const sse = Object.keys(doc.channels.sse?.messages ?? {});
    expect(sse).toEqual(expect.arrayContaining(['tick', 'candle', 'status', 'welcome', 'snapshot', 'subscribed', 'resumed', 'error']));
    expect(sse).not.toContain('subscribe');
    expect(sse).not.toContain('pong');
  });

  it('lists every close code and live error code', () => {
    expect(doc['x-close-codes'].map((c) => c.code).sort()).toEqual(Object.values(CLOSE_CODES).sort());
    expect(doc['x-error-codes']).toEqual([...ERROR_CODES]);
    expect(JSON.stringify(doc.components.messages.error?.payload)).toContain('STREAM_CLOSED');
  });
});
