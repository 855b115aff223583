// SSE delivery at /api/stream: events, ids, Last-Event-ID resume, errors before streaming.
import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, paddedInfo, startLiveApp, status, tick, type LiveApp } from './live-helpers.ts';

interface SseEvent {
  event: string;
  id: string | undefined;
  data: Record<string, unknown>;
}

interface SseReader {
  status: number;
  headers: Headers;
  events: SseEvent[];
  raw: () => string;
  next(event: string, predicate?: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
}

async function openStream(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  let text = '';
  let buffer = '';
  const reading = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += value;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
        if (fields.has('data')) events.push({ event: fields.get('event') ?? 'message', id: fields.get('id'), data: JSON.parse(fields.get('data') as string) });
      }
    }
  })().catch(() => undefined);
  void reading;
  return {
    status: res.status,
    headers: res.headers,
    events,
    raw: () => text,
    async next(event, predicate = () => true, ms = 3000) {
      const until = Date.now() + ms;
      for (;;) {
        const hit = events.find((e) => e.event === event && predicate(e));
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no ${event} event; got ${events.map((e) => e.event).join(',')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => abort.abort(),
  };
}

describe('live SSE', () => {
  let live: LiveApp;
  beforeAll(async () => {
    live = await startLiveApp({ WS_MAX_SYMBOLS: '3' });
  });
  afterAll(async () => live.close());

  it('streams welcome, subscribed, snapshot, then published messages as typed events with the offset as id', async () => {
    await live.store.ticks.insertMany([tick('AAPL', 1_700_000_000, 150)]);
    const s = await openStream(`${live.httpUrl}/api/stream?symbols=aapl,MSFT`);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect((await s.next('welcome')).data.type).toBe('welcome');
    expect((await s.next('subscribed')).data.symbols).toEqual(['AAPL', 'MSFT']);
    const snapshot = await s.next('snapshot');
    expect((snapshot.data.ticks as { price: number }[]).map((t) => t.price)).toEqual([150]);
    expect(s.raw()).toMatch(/^retry: \d+\n\n/);

    await live.app.live.publisher.publish({ ticks: [tick('AAPL', 1_700_000_060, 151), tick('NVDA', 1_700_000_060)], candles: [], status: status('ok') });
    const t = await s.next('tick');
    expect(t.id).toBe(String(t.data.offset));
    expect((t.data.tick as { symbol: string }).symbol).toBe('AAPL');
    const st = await s.next('status');
    expect(Number(st.id)).toBe(Number(t.id) + 2);
    expect(s.events.filter((e) => e.event === 'tick')).toHaveLength(1);
    s.close();
  });

  it('resumes from Last-Event-ID with exactly the missed events', async () => {
    const ws = await connect(live.wsUrl);
    ws.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT'] });
    await ws.next('snapshot');
    const s = await openStream(`${live.httpUrl}/api/stream?symbols=MSFT`);
    await s.next('snapshot');
    await live.app.live.publisher.publish({ ticks: [tick('MSFT', 1_700_000_120)], candles: [] });
    const lastSeen = await s.next('tick');
    s.close();
    await live.app.live.publisher.publish({ ticks: [tick('MSFT', 1_700_000_180), tick('AAPL', 1_700_000_180)], candles: [] });
    await live.app.live.publisher.publish({ ticks: [tick('MSFT', 1_700_000_240)], candles: [] });
    await ws.next('tick', 3000, (m) => m.tick.time === 1_700_000_240);

    const again = await openStream(`${live.httpUrl}/api/stream?symbols=MSFT`, { 'Last-Event-ID': lastSeen.id as string });
    const resumed = await again.next('resumed');
    expect(resumed.data).toMatchObject({ recovered: true, replayed: 2 });
    await again.next('tick', (e) => (e.data.tick as { time: number }).time === 1_700_000_240);
    const ticks = again.events.filter((e) => e.event === 'tick').map((e) => (e.data.tick as { time: number }).time);
    expect(ticks).toEqual([1_700_000_180, 1_700_000_240]);
    expect(again.events.some((e) => e.event === 'snapshot')).toBe(false);
    again.close();
    await ws.close();
  });

  it('answers recovered:false for a Last-Event-ID of another epoch', async () => {
    const s = await openStream(`${live.httpUrl}/api/stream?symbols=MSFT&lastEventId=5&epoch=old-epoch`);
    expect((await s.next('resumed')).data.recovered).toBe(false);
    await s.next('snapshot');
    s.close();
  });

  it('rejects bad, missing or too many symbols with a 400 JSON error before streaming', async () => {
    for (const [query, code] of [
      ['symbols=AAPL,not%20valid!', 'UNKNOWN_SYMBOL'],
      ['', 'BAD_REQUEST'],
      ['symbols=A,B,C,D', 'TOO_MANY_SYMBOLS'],
    ] as const) {
      const res = await fetch(`${live.httpUrl}/api/stream?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const badId = await fetch(`${live.httpUrl}/api/stream?symbols=AAPL`, { headers: { 'Last-Event-ID': 'abc' } });
    expect(badId.status).toBe(400);
  });

  it('rejects a foreign Origin with 403', async () => {
    const res = await fetch(`${live.httpUrl}/api/stream?symbols=AAPL`, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('refuses a stream beyond the per-address connection limit with 429', async () => {
    const limited = await startLiveApp({ WS_MAX_CONNECTIONS_PER_IP: '1' }, { store: live.store });
    try {
      const first = await openStream(`${limited.httpUrl}/api/stream?symbols=AAPL`);
      await first.next('snapshot');
      const res = await fetch(`${limited.httpUrl}/api/stream?symbols=AAPL`);
      expect(res.status).toBe(429);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'TOO_MANY_CONNECTIONS', message: expect.stringMatching(/limit 1/) as string });
      first.close();
    } finally {
      await limited.close();
    }
  });

  it('ends the stream of a client that stops reading once its buffer passes the cap, counting it', async () => {
    const capped = await startLiveApp({ WS_SLOW_CLIENT_BYTES: '65536' }, { store: live.store });
    try {
      const res = await new Promise<IncomingMessage>((resolve) => get(`${capped.httpUrl}/api/stream?symbols=AAPL`, resolve));
      res.pause();
      const dropped = async () => (await capped.app.context.metrics.slowClientsDropped.get()).values.find((v) => v.labels.transport === 'sse')?.value ?? 0;
      for (let i = 0; i < 500 && (await dropped()) === 0; i++) {
        await capped.app.live.publisher.publish({ ticks: [], candles: [], info: [paddedInfo('AAPL', 32_000)] });
      }
      expect(await dropped()).toBe(1);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.resume();
      await new Promise((resolve) => res.on('close', resolve));
      expect(text).toMatch(/event: error\ndata: \{"type":"error","code":"SLOW_CONSUMER","message":"send buffer passed 65536 bytes/);
    } finally {
      await capped.close();
    }
  }, 20_000);

  it('forgets a stream when the client goes away', async () => {
    const s = await openStream(`${live.httpUrl}/api/stream?symbols=AAPL`);
    await s.next('snapshot');
    const gauge = async () => (await live.app.context.metrics.clientsConnected.get()).values.find((v) => v.labels.transport === 'sse')?.value;
    expect(await gauge()).toBeGreaterThanOrEqual(1);
    const before = (await gauge()) as number;
    s.close();
    for (let i = 0; i < 100 && (await gauge()) !== before - 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await gauge()).toBe(before - 1);
  });
});
