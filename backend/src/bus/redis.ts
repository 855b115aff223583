// Redis bus: one stream per deployment. Publishing allocates offsets and appends in one Lua script;
// every instance (the publisher included) reads the stream with a blocking XREAD and hands the
// batches to its listeners. A stream rather than pub/sub: a reader that loses its connection
// picks up after the last entry it saw instead of silently missing messages, and a starting
// instance can warm its replay buffer from the stream.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { sourceStatusSchema, type SourceStatus } from '@tickstream/shared';
import { AppError, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { positionBatch } from './position.ts';
import { PUBLISH_SCRIPT, STATE_SCRIPT } from './redis-scripts.ts';
import type { BatchInfo, Bus, BusMessage, BusState, MessageBody, PublishOptions } from './types.ts';

type Listener = (batch: BusMessage[], info: BatchInfo) => void;
type StreamEntry = [id: string, fields: string[]];

const DEFAULT_KEEP = 10_000;
const READ_BLOCK_MS = 5_000;
/** how long close() waits on a read or QUIT that a lost connection may never answer */
const CLOSE_WAIT_MS = 2_000;
const READ_COUNT = 1_000;
const RETRY_MS = 500;

export class BusError extends AppError {}

export interface RedisBusOptions {
  url: string;
  prefix: string;
}

export async function createRedisBus(options: RedisBusOptions, logger: Logger): Promise<Bus> {
  const metaKey = `${options.prefix}:live:meta`;
  const streamKey = `${options.prefix}:live:stream`;
  // RESP2: under RESP3 ioredis flattens XREAD's map reply; RESP2 keeps the documented shape.
  // Publishing fails fast when Redis is away: live delivery keeps the batch and publishes it again (live/publish-queue.ts).
  const client = new Redis(options.url, { protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1 });
  const reader = client.duplicate({ maxRetriesPerRequest: null });
  for (const [name, conn] of [['client', client], ['reader', reader]] as const) {
    conn.on('error', (err: unknown) => logger.warn({ err: errorMessage(err), connection: name }, 'redis bus connection error'));
  }
  try {
    await client.connect();
    await reader.connect();
  } catch (err) {
    client.disconnect();
    reader.disconnect();
    throw new BusError('BUS_UNAVAILABLE', `Cannot connect to Redis at ${redactUrl(options.url)}: ${errorMessage(err)}`, { cause: err });
  }

  const suffix = () => randomBytes(4).toString('hex');
  const listeners = new Set<Listener>();
  let keep = DEFAULT_KEEP;
  let closed = false;

  const evalScript = (script: string, ...args: (string | number)[]) => client.eval(script, 2, metaKey, streamKey, ...args);

  const start = (await evalScript(STATE_SCRIPT, suffix(), 0)) as [string, string, string | null, StreamEntry[]];
  let lastId = `${start[1]}-0`;

  const deliver = (entry: StreamEntry) => {
    const decoded = decodeEntry(entry);
    if (!decoded) {
      logger.error({ id: entry[0] }, 'unreadable bus entry skipped');
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(decoded.batch, { publishedAt: decoded.publishedAt });
      } catch (err) {
        logger.error({ err }, 'bus listener failed');
      }
    }
  };

  const readLoop = async () => {
    while (!closed) {
      try {
        const reply = (await reader.call('XREAD', 'COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', streamKey, lastId)) as
          | [string, StreamEntry[]][]
          | null;
        for (const entry of reply?.[0]?.[1] ?? []) {
          lastId = entry[0];
          deliver(entry);
        }
      } catch (err) {
        if (closed) return;
        logger.warn({ err: errorMessage(err) }, 'redis bus read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  };
  const reading = readLoop();

  return {
    kind: 'redis',
    async publish(bodies: readonly MessageBody[], options?: PublishOptions) {
      if (bodies.length === 0) return [];
      const status = [...bodies].reverse().find((b) => b.type === 'status');
      const [epoch, first] = (await evalScript(
        PUBLISH_SCRIPT,
        suffix(),
        bodies.length,
        JSON.stringify(bodies),
        Date.now(),
        status?.type === 'status' ? JSON.stringify(status.status) : '',
        keep,
        options?.id ?? '',
      )) as [string, string];
      return positionBatch(bodies, epoch, Number(first));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async state(limit: number): Promise<BusState> {
      keep = Math.max(keep, limit);
      const [epoch, offsetText, statusJson, entries] = (await evalScript(STATE_SCRIPT, suffix(), limit)) as [
        string,
        string,
        string | null,
        StreamEntry[],
      ];
      const offset = Number(offsetText);
      const messages = entries
        .flatMap((e) => decodeEntry(e)?.batch ?? [])
        .filter((m) => m.epoch === epoch && m.offset > offset - limit && m.offset <= offset);
      return { epoch, offset, messages, status: parseStatus(statusJson) };
    },
    async close() {
      closed = true;
      listeners.clear();
      // A connection cut off from Redis queues its commands until it is back: a blocked read or a
      // QUIT could then wait for ever, so neither is waited on for long.
      const cutOff = () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('unanswered')), CLOSE_WAIT_MS).unref());
      reader.disconnect();
      await Promise.race([reading, cutOff()]).catch(() => undefined);
      const quit = client.status === 'ready' ? client.quit() : Promise.reject(new Error('not connected'));
      await Promise.race([quit, cutOff()]).catch(() => client.disconnect());
    },
  };
}

function decodeEntry([, fields]: StreamEntry): { batch: BusMessage[]; publishedAt: number } | null {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i] as string, fields[i + 1] as string);
  const epoch = f.get('e');
  const first = Number(f.get('f'));
  try {
    const bodies = JSON.parse(f.get('p') ?? '') as MessageBody[];
    if (!epoch || !Number.isSafeInteger(first) || !Array.isArray(bodies)) return null;
    return { batch: positionBatch(bodies, epoch, first), publishedAt: Number(f.get('t')) || Date.now() };
  } catch {
    return null;
  }
}

function parseStatus(json: string | null): SourceStatus | null {
  if (!json) return null;
  try {
    const parsed = sourceStatusSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}
