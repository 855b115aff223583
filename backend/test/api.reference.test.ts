// The API reference as served: /api/openapi.json (validated as OpenAPI 3.1), /api/asyncapi.json and
// the /api/docs page under its CSP, on the real app.
import { createHash } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_CODES, CLOSE_CODES, healthResponseSchema, serverMessageSchema } from '@tickstream/shared';
import type { OpenApiDocument } from '@tickstream/shared/openapi';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { startApp, type Running } from './api-harness.ts';

let store: Store;
let api: Running;

beforeAll(async () => {
  store = await openMemoryStore();
  api = await startApp(store);
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe('GET /api/openapi.json', () => {
  it('validates as OpenAPI 3.1 and documents every REST route', async () => {
    const { status, body } = await api.get('/api/openapi.json');
    expect(status).toBe(200);
    expect(await new Validator().validate(body)).toEqual({ valid: true });
    const doc = body as OpenApiDocument;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/history', '/api/quotes', '/api/health', '/api/portfolio', '/api/portfolio/holdings', '/api/portfolio/holdings/{id}', '/api/stream', '/metrics',
    ]));
    expect(Object.keys(doc.paths['/api/stream']?.get?.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
    expect(Object.keys(doc.paths['/metrics']?.get?.responses['200']?.content ?? {})).toEqual(['text/plain']);
  });
});

describe('GET /api/asyncapi.json', () => {
  it('serves the live protocol: every server message type and close code', async () => {
    const { status, body } = await api.get('/api/asyncapi.json');
    expect(status).toBe(200);
    const doc = body as { asyncapi: string; components: { messages: Record<string, unknown> }; 'x-close-codes': { code: number }[] };
    expect(doc.asyncapi).toBe('3.0.0');
    const types = serverMessageSchema.def.options.flatMap((u) => u.def.options.map((o) => o.shape.type.def.values[0]));
    expect(Object.keys(doc.components.messages)).toEqual(expect.arrayContaining(types));
    expect(doc['x-close-codes'].map((c) => c.code).sort()).toEqual(Object.values(CLOSE_CODES).sort());
  });
});

describe('GET /api/docs', () => {
  const page = async () => {
    const res = await fetch(`${api.url}/api/docs`);
    return { res, html: await res.text() };
  };

  it('is an HTML page with no script, whose only stylesheet is allowed by its hash', async () => {
    const { res, html } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!json-schema)/i);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0] ?? '').digest('base64');
    expect(res.headers.get('content-security-policy')).toBe(`default-src 'none'; style-src 'sha256-${hash}'; frame-ancestors 'none'`);
  });

  it('lists every route, its parameters, its response fields and every error code', async () => {
    const { html } = await page();
    for (const op of ['GET</span> /api/history', 'GET</span> /api/quotes', 'GET</span> /api/health', 'GET</span> /api/portfolio', 'POST</span> /api/portfolio/holdings', 'PUT</span> /api/portfolio/holdings/{id}', 'DELETE</span> /api/portfolio/holdings/{id}', 'GET</span> /api/stream', 'GET</span> /metrics']) {
      expect(html).toContain(`${op.split('</span>')[0]?.toLowerCase()}</span>${op.split('</span>')[1]}`);
    }
    expect(html).toMatch(/<td>interval\?<\/td><td>&quot;1m&quot; \| &quot;5m&quot;/);
    for (const field of Object.keys(healthResponseSchema.shape)) expect(html).toContain(`<td>${field}`);
    for (const code of API_ERROR_CODES) expect(html).toContain(code);
    expect(html).toMatch(/<span class="s">503<\/span> STORE_UNAVAILABLE/);
  });

  it('shows the live protocol: messages, SSE events and close codes', async () => {
    const { html } = await page();
    for (const type of ['subscribe', 'subscribed', 'unsubscribed', 'welcome', 'tick', 'resumed', 'error']) expect(html).toContain(`id="msg-${type}"`);
    for (const code of Object.values(CLOSE_CODES)) expect(html).toContain(`<td>${code}</td>`);
    expect(html).toContain('STREAM_CLOSED');
  });
});
