// Builds the AsyncAPI 3.0 document of the live protocol from the one message map
// (shared/src/messages.ts): every client and server message of /ws, the SSE events of /api/stream,
// the WebSocket close codes and the live error codes. Served at /api/asyncapi.json and shown on /api/docs.
import type * as z from 'zod/mini';
import { CLOSE_CODES, ERROR_CODES, clientMessageSchema, controlMessageSchema, publishedMessageSchema } from '../messages.ts';
import { toJsonSchema, type JsonSchema } from './document.ts';

export interface LiveMessageDoc {
  type: string;
  direction: 'client' | 'server';
  /** whether it goes over /ws, /api/stream or both */
  ws: boolean;
  sse: boolean;
  /** published messages carry their offset (SSE `id:` = offset); the epoch is the connection's (welcome, resumed) */
  positioned: boolean;
  payload: JsonSchema;
}

type TypedOption = z.ZodMiniObject<{ type: z.ZodMiniLiteral<string> }>;
const typeOf = (option: TypedOption): string => String(option.shape.type.def.values[0]);

/** Control messages a browser's EventSource never gets: it cannot ping or unsubscribe. */
const WS_ONLY = new Set(['pong', 'unsubscribed']);

export function liveMessages(): LiveMessageDoc[] {
  const client = (clientMessageSchema.def.options as unknown as TypedOption[]).map((o) => ({ o, direction: 'client' as const, positioned: false }));
  const published = (publishedMessageSchema.def.options as unknown as TypedOption[]).map((o) => ({ o, direction: 'server' as const, positioned: true }));
  const control = (controlMessageSchema.def.options as unknown as TypedOption[]).map((o) => ({ o, direction: 'server' as const, positioned: false }));
  return [...client, ...published, ...control].map(({ o, direction, positioned }) => ({
    type: typeOf(o),
    direction,
    ws: true,
    sse: direction === 'server' && !WS_ONLY.has(typeOf(o)),
    positioned,
    payload: toJsonSchema(o, direction === 'client' ? 'input' : 'output'),
  }));
}

/** What each close code means, keyed by the code. */
export const CLOSE_CODE_MEANINGS: Record<keyof typeof CLOSE_CODES, string> = {
  slowConsumer: 'the client read too slowly; its send buffer passed WS_SLOW_CLIENT_BYTES',
  tooManyConnections: 'this address has WS_MAX_CONNECTIONS_PER_IP connections open already',
  badOrigin: 'the Origin is not this site or in ALLOWED_ORIGINS',
  shuttingDown: 'the server is stopping; reconnect shortly',
  messageTooBig: 'a client message exceeded the payload limit (an error MESSAGE_TOO_LARGE precedes it)',
  policyViolation: 'the client kept sending faster than the message rate allows (one RATE_LIMITED error precedes it)',
  streamRestarted: 'the stream history was lost (new epoch, or a gap): reconnect and resume, expect recovered:false',
};

export function closeCodes(): { name: string; code: number; meaning: string }[] {
  return Object.entries(CLOSE_CODES).map(([name, code]) => ({ name, code, meaning: CLOSE_CODE_MEANINGS[name as keyof typeof CLOSE_CODES] }));
}

export function buildAsyncApiDocument(): Record<string, unknown> {
  const messages = liveMessages();
  const ref = (m: LiveMessageDoc) => ({ $ref: `#/components/messages/${m.type}` });
  const ws = messages.filter((m) => m.ws);
  const sse = messages.filter((m) => m.sse);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Tickstream live protocol',
      version: '1',
      description: [
        'WebSocket /ws: JSON text frames; the server sends one message or an array of messages per frame. Subscribe with `{type:"subscribe",symbols:[…]}`; `resume` (a stream position) is honoured on the first subscribe of a connection only. Published messages carry their `offset`; their epoch is the connection\'s, named once by `welcome` (and `resumed`): a resume position is `{ epoch: <welcome.epoch>, offset: <last offset seen> }`, and the server closes every connection (1012) when the epoch changes.',
        'SSE /api/stream?symbols=…: each event is named after its message type; positioned messages carry `id:` (their offset), so a reconnecting EventSource resumes with Last-Event-ID. The server ends a stream with an `error` event SLOW_CONSUMER or STREAM_CLOSED.',
      ].join('\n\n'),
    },
    channels: {
      ws: { address: '/ws', messages: Object.fromEntries(ws.map((m) => [m.type, ref(m)])) },
      sse: { address: '/api/stream', messages: Object.fromEntries(sse.map((m) => [m.type, ref(m)])) },
    },
    operations: {
      sendWs: { action: 'receive', channel: { $ref: '#/channels/ws' }, summary: 'what a client sends', messages: ws.filter((m) => m.direction === 'client').map((m) => ({ $ref: `#/channels/ws/messages/${m.type}` })) },
      receiveWs: { action: 'send', channel: { $ref: '#/channels/ws' }, summary: 'what the server sends', messages: ws.filter((m) => m.direction === 'server').map((m) => ({ $ref: `#/channels/ws/messages/${m.type}` })) },
      receiveSse: { action: 'send', channel: { $ref: '#/channels/sse' }, summary: 'the SSE events', messages: sse.map((m) => ({ $ref: `#/channels/sse/messages/${m.type}` })) },
    },
    components: {
      messages: Object.fromEntries(messages.map((m) => [m.type, { name: m.type, contentType: 'application/json', payload: m.payload }])),
    },
    'x-close-codes': closeCodes(),
    'x-error-codes': [...ERROR_CODES],
  };
}
