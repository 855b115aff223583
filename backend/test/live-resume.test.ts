// Resume: a client reconnecting with { epoch, offset } gets exactly what it missed, then live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedMessage, ServerMessage } from '@tickstream/shared';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { candle, connect, paddedInfo, settled, startLiveApp, status, tick, type LiveApp, type TestClient } from './live-helpers.ts';

type Published = PublishedMessage;
const symbolOf = (m: Published) => (m.type === 'tick' ? m.tick.symbol : m.type === 'candle' ? m.candle.symbol : m.type === 'info' ? m.info.symbol : null);
const forSymbols = (symbols: string[]) => (m: Published) => symbolOf(m) === null || symbols.includes(symbolOf(m) as string);

let store: Store;
let time = 1_700_000_000;

/** One poll: a tick and a bar per symbol, written to the store first (as the poller does), then published. */
async function poll(live: LiveApp, symbols: string[], withStatus = false): Promise<void> {
  time += 60;
  const ticks = symbols.map((s, i) => tick(s, time, 100 + i));
  const candles = symbols.map((s) => candle(s, time - (time % 60)));
  await live.store.ticks.insertMany(ticks);
  await live.store.candles.upsertMany(candles);
  await live.app.live.publisher.publish({ ticks, candles, ...(withStatus ? { status: status('degraded') } : {}) });
}

/** A client following every symbol that never disconnects: the reference of what was published. */
async function watcher(live: LiveApp): Promise<TestClient> {
  const w = await connect(live.wsUrl);
  w.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT', 'NVDA'] });
  await w.next('snapshot');
  return w;
}

async function lastOffset(c: TestClient): Promise<number> {
  const mine = c.published();
  return mine.length ? (mine[mine.length - 1] as Published).offset : (await c.next('welcome')).offset;
}

beforeAll(async () => {
  store = await openMemoryStore();
});
afterAll(async () => {
  await store.close();
});

describe('resume from the replay buffer', () => {
  let live: LiveApp;
  beforeAll(async () => {
    live = await startLiveApp({ REPLAY_BUFFER_SIZE: '1000' }, { store });
  });
  afterAll(async () => live.close());

  it('replays exactly the missed messages of the resumed symbols, in order, then goes live without duplicates', async () => {
    const ref = await watcher(live);
    const a = await connect(live.wsUrl);
    a.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT'] });
    await a.next('snapshot');
    await poll(live, ['AAPL', 'MSFT', 'NVDA']);
    await a.next('candle', 3000, (m) => m.candle.symbol === 'MSFT');
    const epoch = (await a.next('welcome')).epoch;
    const from = await lastOffset(a);
    await a.close();

    await poll(live, ['AAPL', 'NVDA'], true);
    await poll(live, ['MSFT', 'NVDA']);
    await poll(live, ['NVDA']);
    const b = await connect(live.wsUrl);
    b.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT'], resume: { epoch, offset: from } });
    const resumed = await b.next('resumed');
    await poll(live, ['AAPL', 'MSFT']);
    const lastTick = await b.next('tick', 3000, (m) => m.tick.time === time && m.tick.symbol === 'MSFT');
    await ref.next('candle', 3000, (m) => m.offset > lastTick.offset && m.candle.symbol === 'MSFT');
    await b.next('candle', 3000, (m) => m.offset > lastTick.offset && m.candle.symbol === 'MSFT');
    await settled(b);

    const expected = ref.published().filter((m) => m.offset > from).filter(forSymbols(['AAPL', 'MSFT']));
    expect(resumed.recovered).toBe(true);
    expect(resumed.replayed).toBe(expected.filter((m) => m.offset <= resumed.offset).length);
    expect(b.published()).toEqual(expected);
    expect(b.received.some((r) => r.message.type === 'snapshot')).toBe(false);
    await Promise.all([ref.close(), b.close()]);
  });

  it('neither loses nor doubles messages published while the resume is being answered', async () => {
    const ref = await watcher(live);
    const epoch = (await ref.next('welcome')).epoch;
    await poll(live, ['AAPL']);
    await ref.next('candle', 3000, (m) => m.candle.time === time - (time % 60));
    const from = await lastOffset(ref);
    for (let i = 0; i < 5; i++) await poll(live, ['AAPL', 'MSFT']);

    const b = await connect(live.wsUrl);
    b.send({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch, offset: from } });
    for (let i = 0; i < 20; i++) await poll(live, ['AAPL', 'MSFT']);
    const last = time;
    await b.next('tick', 3000, (m) => m.tick.time === last);
    await ref.next('tick', 3000, (m) => m.tick.time === last && m.tick.symbol === 'MSFT');
    await settled(b);

    const expected = ref.published().filter((m) => m.offset > from).filter(forSymbols(['AAPL']));
    expect(b.published().map((m) => m.offset)).toEqual(expected.map((m) => m.offset));
    await Promise.all([ref.close(), b.close()]);
  });

  it('paces a replay larger than the send buffer and still delivers live messages after it, once each', async () => {
    const ref = await watcher(live);
    const epoch = (await ref.next('welcome')).epoch;
    const from = await lastOffset(ref);
    const padded = (i: number) => ({ ticks: [tick('NVDA', 1_800_000_000 + i)], candles: [], info: [paddedInfo('NVDA', 8_000)] });
    // ~2.4 MB missed: the replay has to wait for the socket to drain several times.
    for (let i = 0; i < 300; i++) await live.app.live.publisher.publish(padded(i));
    // plain frames: compressed, the padding would fit the send buffer at once
    const b = await connect(live.wsUrl, { perMessageDeflate: false });
    b.send({ type: 'subscribe', symbols: ['NVDA'], resume: { epoch, offset: from } });
    for (let i = 300; i < 340; i++) await live.app.live.publisher.publish(padded(i));
    await b.next('tick', 5000, (m) => m.tick.time === 1_800_000_339);
    await ref.next('tick', 5000, (m) => m.tick.time === 1_800_000_339);
    await settled(b, 5000);

    expect((await b.next('resumed')).recovered).toBe(true);
    const expected = ref.published().filter((m) => m.offset > from).filter(forSymbols(['NVDA']));
    expect(b.published().map((m) => m.offset)).toEqual(expected.map((m) => m.offset));
    await Promise.all([ref.close(), b.close()]);
  });

  it('answers recovered:false with a snapshot when the epoch is not the current one', async () => {
    await poll(live, ['AAPL']);
    const c = await connect(live.wsUrl);
    const welcome = await c.next('welcome');
    c.send({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch: 'some-other-epoch', offset: welcome.offset } });
    const resumed = await c.next('resumed');
    expect(resumed).toMatchObject({ recovered: false, epoch: welcome.epoch, replayed: 0 });
    const snapshot = await c.next('snapshot');
    expect(snapshot.ticks.map((t) => t.symbol)).toEqual(['AAPL']);
    const order = c.received.map((r) => r.message.type);
    expect(order.slice(0, 4)).toEqual(['welcome', 'subscribed', 'resumed', 'snapshot']);
    await c.close();
  });

  it('answers recovered:false when the position is ahead of anything published', async () => {
    const c = await connect(live.wsUrl);
    const welcome = await c.next('welcome');
    c.send({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch: welcome.epoch, offset: welcome.offset + 1000 } });
    expect((await c.next('resumed', 5000)).recovered).toBe(false);
    await c.close();
  });

  it('refuses resume on a connection that already subscribed', async () => {
    const c = await connect(live.wsUrl);
    const welcome = await c.next('welcome');
    c.send({ type: 'subscribe', symbols: ['AAPL'] });
    await c.next('snapshot');
    c.send({ type: 'subscribe', symbols: ['MSFT'], resume: { epoch: welcome.epoch, offset: welcome.offset } });
    expect((await c.next('error')).code).toBe('BAD_MESSAGE');
    await c.close();
  });
});

describe('resume beyond the replay buffer', () => {
  let live: LiveApp;
  beforeAll(async () => {
    // 4 messages in the buffer, 32 positions behind it: a poll of 3 symbols is 6 messages.
    live = await startLiveApp({ REPLAY_BUFFER_SIZE: '4' }, { store });
  });
  afterAll(async () => live.close());

  it('rebuilds missed ticks and bars from the store at their original offsets', async () => {
    const ref = await watcher(live);
    const epoch = (await ref.next('welcome')).epoch;
    await poll(live, ['AAPL', 'MSFT', 'NVDA']);
    await ref.next('candle', 3000, (m) => m.candle.symbol === 'NVDA');
    const from = await lastOffset(ref);
    await poll(live, ['AAPL', 'MSFT', 'NVDA'], true);
    await poll(live, ['AAPL', 'NVDA']);
    await poll(live, ['MSFT', 'NVDA']);
    await ref.next('candle', 3000, (m) => m.candle.time === time - (time % 60) && m.candle.symbol === 'NVDA');

    const b = await connect(live.wsUrl);
    b.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT'], resume: { epoch, offset: from } });
    const resumed = await b.next('resumed');
    expect(resumed.recovered).toBe(true);
    const expected = ref.published().filter((m) => m.offset > from).filter(forSymbols(['AAPL', 'MSFT']));
    await b.next('tick', 3000, (m) => m.offset === (expected[expected.length - 2] as Published).offset);
    await settled(b);
    expect(resumed.replayed).toBe(expected.length);
    expect(b.published()).toEqual(expected);
    await Promise.all([ref.close(), b.close()]);
  });

  it('keeps polls published during the store read behind the rebuilt messages, once each', async () => {
    const ref = await watcher(live);
    const epoch = (await ref.next('welcome')).epoch;
    await poll(live, ['AAPL', 'MSFT']);
    await ref.next('candle', 3000, (m) => m.candle.symbol === 'MSFT' && m.candle.time === time - (time % 60));
    const from = await lastOffset(ref);
    for (let i = 0; i < 3; i++) await poll(live, ['AAPL', 'MSFT', 'NVDA']);

    const b = await connect(live.wsUrl);
    b.send({ type: 'subscribe', symbols: ['MSFT'], resume: { epoch, offset: from } });
    // 18 + 16 messages: within the 4 buffered + 32 indexed positions wherever the resume lands.
    for (let i = 0; i < 4; i++) await poll(live, ['MSFT', 'NVDA']);
    const last = time;
    const done = (m: Extract<ServerMessage, { type: 'candle' }>) => m.candle.symbol === 'MSFT' && m.candle.time === last - (last % 60) && m.offset > from;
    await ref.next('candle', 3000, (m) => done(m) && ref.published().some((p) => p.type === 'tick' && p.tick.time === last));
    await b.next('tick', 3000, (m) => m.tick.time === last);
    await settled(b);

    expect((await b.next('resumed')).recovered).toBe(true);
    const expected = ref.published().filter((m) => m.offset > from).filter(forSymbols(['MSFT']));
    expect(b.published().map((m) => m.offset)).toEqual(expected.map((m) => m.offset));
    await Promise.all([ref.close(), b.close()]);
  });

  it('answers recovered:false when even the position index no longer reaches back', async () => {
    const c = await connect(live.wsUrl);
    const welcome = await c.next('welcome');
    for (let i = 0; i < 10; i++) await poll(live, ['AAPL', 'MSFT', 'NVDA']);
    const d = await connect(live.wsUrl);
    d.send({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch: welcome.epoch, offset: welcome.offset } });
    expect((await d.next('resumed')).recovered).toBe(false);
    expect((await d.next('snapshot')).ticks.map((t) => t.symbol)).toEqual(['AAPL']);
    await Promise.all([c.close(), d.close()]);
  });
});
