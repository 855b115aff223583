// Issue 11 points 3, 4 and 5 against the real app on the real PostgreSQL server, probed as a
// hostile client or a DNS-rebinding page would: raw requests with chosen Host, bodies and encodings.
import { brotliCompressSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestHandler } from 'express';
import { createApp, type App } from '../src/app.ts';
import { createBus } from '../src/bus/index.ts';
import type { Bus } from '../src/bus/types.ts';
import { toErrorResponse } from '../src/http/error-response.ts';
import { StoreDataError } from '../src/store/errors.ts';
import { openStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { quietSource } from './api-harness.ts';
import { captureLogger, type LogLine } from './fixtures/capture-logger.ts';
import { rawRequest, WS_UPGRADE_HEADERS } from './raw-http.ts';
import { createTestDatabase, TEST_DATABASE_URL, testConfig } from './support/services.ts';

const PRIVATE_NOTE = 'my private note 4417';
const page: RequestHandler = (_req, res) => void res.type('html').send('<!doctype html><p>page</p>');

describe.skipIf(!TEST_DATABASE_URL)('HTTP hardening on the real app', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let bus: Bus;
  let app: App;
  let port: number;
  let lines: LogLine[];

  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string) =>
    rawRequest(port, { method, path, headers: { Host: `127.0.0.1:${port}`, ...headers }, ...(body !== undefined ? { body } : {}) });
  const json = (body: string) => ({ code: (JSON.parse(body) as { error: { code: string } }).error.code, body: JSON.parse(body) as { error: { code: string; fields?: Record<string, string> } } });
  const createHolding = async () => {
    const res = await send('POST', '/api/portfolio/holdings', { 'Content-Type': 'application/json' }, JSON.stringify({ symbol: 'AAPL', quantity: '1', costPerShare: '100' }));
    expect(res.status).toBe(201);
    return (JSON.parse(res.body) as { id: number }).id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = await openStore({ url: db.url, dataDir: './data-unused' }, pino({ level: 'silent' }));
    const config = testConfig({ ALLOWED_HOSTS: 'tickstream.lan' });
    bus = await createBus(config.redis, pino({ level: 'silent' }));
    const captured = captureLogger('debug');
    lines = captured.lines;
    app = createApp({ config, store, source: quietSource, bus, logger: captured.logger, frontend: page });
    ({ port } = await app.listen(0));
  });
  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await store?.close();
    await db?.drop();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  describe('DNS rebinding (point 3)', () => {
    const evil = { Host: 'evil.example:3201', Origin: 'http://evil.example:3201' };

    it('refuses a write from a rebinding page with 403 HOST_NOT_ALLOWED and keeps the holding', async () => {
      const id = await createHolding();
      const res = await send('DELETE', `/api/portfolio/holdings/${id}`, evil);
      expect(res.status).toBe(403);
      expect(json(res.body).code).toBe('HOST_NOT_ALLOWED');
      expect((await store.holdings.get(id))?.id).toBe(id);
    });

    it.each(['/api/portfolio', '/api/health', '/api/history?symbol=AAPL', '/api/stream?symbols=AAPL', '/metrics', '/', '/portfolio'])(
      'refuses GET %s from an unknown host',
      async (path) => {
        const res = await send('GET', path, evil);
        expect(res.status).toBe(403);
        expect(json(res.body).code).toBe('HOST_NOT_ALLOWED');
      },
    );

    it('refuses the /ws upgrade from an unknown host with 403 and closes the socket', async () => {
      const res = await send('GET', '/ws', { ...evil, ...WS_UPGRADE_HEADERS });
      expect(res.upgraded).toBe(false);
      expect(res.status).toBe(403);
      expect(json(res.body).code).toBe('HOST_NOT_ALLOWED');
      expect(res.headers.connection).toBe('close');
    });

    it('serves IP literals, localhost and ALLOWED_HOSTS names, on REST, SSE, pages and /ws', async () => {
      for (const host of [`127.0.0.1:${port}`, `[::1]:${port}`, `localhost:${port}`, 'tickstream.lan', `TICKSTREAM.LAN:${port}`]) {
        expect((await send('GET', '/api/portfolio', { Host: host })).status).toBe(200);
        expect((await send('GET', '/', { Host: host })).status).toBe(200);
        expect((await send('GET', '/api/stream?symbols=AAPL', { Host: host })).status).toBe(200);
        const ws = await send('GET', '/ws', { Host: host, ...WS_UPGRADE_HEADERS });
        expect([host, ws.status, ws.upgraded]).toEqual([host, 101, true]);
      }
      const id = await createHolding();
      expect((await send('DELETE', `/api/portfolio/holdings/${id}`, { Host: 'tickstream.lan', Origin: 'http://tickstream.lan' })).status).toBe(204);
    });
  });

  describe('input PostgreSQL cannot store (point 4)', () => {
    it.each([
      ['a note with NUL', { note: `${PRIVATE_NOTE}\u0000` }, 'note'],
      ['acquiredOn 0000-01-01', { note: PRIVATE_NOTE, acquiredOn: '0000-01-01' }, 'acquiredOn'],
    ])('refuses %s with 400 and fields, logging nothing at error level and never the note', async (_name, extra, field) => {
      const before = (await store.holdings.list()).length;
      const body = JSON.stringify({ symbol: 'AAPL', quantity: '1', costPerShare: '1', ...extra });
      const res = await send('POST', '/api/portfolio/holdings', { 'Content-Type': 'application/json' }, body);
      expect(res.status).toBe(400);
      const { code, body: answer } = json(res.body);
      expect(code).toBe('INVALID_HOLDING');
      expect(Object.keys(answer.error.fields ?? {})).toEqual([field]);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(JSON.stringify(lines)).not.toContain(PRIVATE_NOTE);
      expect((await store.holdings.list()).length).toBe(before);
    });

    it('answers what the database itself refuses as the client’s error (400), not a 503', async () => {
      const refused: unknown = await store.holdings
        .create({ symbol: 'AAPL', quantity: '1', costPerShare: '1', note: `${PRIVATE_NOTE}\u0000`, acquiredOn: null })
        .catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(StoreDataError);
      const res = toErrorResponse(refused);
      expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_VALUE']);
      expect(JSON.stringify(res)).not.toContain(PRIVATE_NOTE);
      const year0: unknown = await store.holdings
        .create({ symbol: 'AAPL', quantity: '1', costPerShare: '1', note: null, acquiredOn: '0000-01-01' })
        .catch((err: unknown) => err);
      expect(toErrorResponse(year0).status).toBe(400);
    });
  });

  describe('body-parser errors (point 5)', () => {
    const holding = JSON.stringify({ symbol: 'AAPL', quantity: '1', costPerShare: '1' });
    it.each([
      ['a latin1 charset', { 'Content-Type': 'application/json; charset=latin1' }, holding, 415, 'UNSUPPORTED_CHARSET'],
      ['Content-Encoding: xyz', { 'Content-Type': 'application/json', 'Content-Encoding': 'xyz' }, holding, 415, 'UNSUPPORTED_ENCODING'],
      ['a broken br body', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, 'not brotli at all', 400, 'BAD_BODY'],
      ['a broken gzip body', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, 'not gzip', 400, 'BAD_BODY'],
      ['broken JSON', { 'Content-Type': 'application/json' }, `{"note": "${PRIVATE_NOTE}`, 400, 'BAD_JSON'],
      ['a body over 8 kB', { 'Content-Type': 'application/json' }, JSON.stringify({ note: 'x'.repeat(9000) }), 413, 'BODY_TOO_LARGE'],
    ])('answers %s with its status and code, logged at most at warn without a stack', async (_name, headers, body, status, code) => {
      const res = await send('POST', '/api/portfolio/holdings', headers, body);
      expect([res.status, json(res.body).code]).toEqual([status, code]);
      expect(lines.filter((l) => l.level > 40)).toEqual([]);
      expect(JSON.stringify(lines)).not.toMatch(/"stack"|my private note/);
    });

    it('answers a path the router cannot decode with 400, not 500', async () => {
      const res = await send('DELETE', '/api/portfolio/holdings/%E0');
      expect([res.status, json(res.body).code]).toEqual([400, 'BAD_REQUEST']);
      expect(lines.filter((l) => l.level > 40)).toEqual([]);
    });

    it('still reads a well-formed br body', async () => {
      const res = await send('POST', '/api/portfolio/holdings', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, brotliCompressSync(holding));
      expect(res.status).toBe(201);
    });
  });
});
