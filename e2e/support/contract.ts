// The browser tests' contract hook: every answer a page gets from /api/* or /metrics is checked
// against /api/openapi.json by the same hook the integration tests use (backend/test/support/
// contract.ts): a documented status for the route, a documented media type, a JSON body its schema
// accepts. newContext (browser.ts) watches every context it makes; each suite ends every test by
// expecting takeContractViolations() to be empty, so an undocumented answer fails the test it
// happened in. A test's own requests go through contractFetch, which checks them the same way.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { serverFrameSchema } from '@tickstream/shared';
import { toJsonSchema } from '../../shared/src/openapi/document.ts';
import { createContract } from '../../backend/test/support/contract.ts';

const contract = createContract();
// WebSocket frames against the message map as /api/asyncapi.json documents it (the same JSON Schema,
// objects closed): an undocumented message type, field or error code fails like a REST answer.
const validFrame = new Ajv2020({ strict: false, allErrors: true }).compile(toJsonSchema(serverFrameSchema));
let framesChecked = 0;
const found: string[] = [];
const pending = new Set<Promise<void>>();
let answersChecked = 0;

const checked = (pathname: string) => pathname === '/metrics' || pathname === '/api' || pathname.startsWith('/api/');

/** What is wrong with one answer the browser received, by the OpenAPI document. */
export async function answerViolations(res: PageResponse): Promise<string[]> {
  const url = new URL(res.url());
  if (!checked(url.pathname)) return [];
  answersChecked++;
  const contentType = res.headers()['content-type'] ?? '';
  let body: string | undefined;
  // an event stream never ends; a body can be gone when the page navigated away before it arrived
  if (!contentType.startsWith('text/event-stream')) body = await res.text().catch(() => undefined);
  return contract.violations({ method: res.request().method(), path: url.pathname + url.search, status: res.status(), contentType, body });
}

function pageOf(res: PageResponse): string {
  try {
    return res.frame().url();
  } catch {
    return 'unknown';
  }
}

/** What is wrong with one WebSocket frame the page received from /ws; empty when documented. */
export function frameViolations(payload: string | Buffer): string[] {
  framesChecked++;
  let frame: unknown;
  try {
    frame = JSON.parse(payload.toString());
  } catch {
    return [`/ws sent a frame that is not JSON: ${payload.toString().slice(0, 80)}`];
  }
  if (validFrame(frame)) return [];
  const first = (validFrame.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return [`/ws sent a frame not in the message map (${first.join('; ')}): ${JSON.stringify(frame).slice(0, 200)}`];
}

function watchFrames(page: Page): void {
  page.on('websocket', (ws) => {
    if (!new URL(ws.url()).pathname.endsWith('/ws')) return;
    ws.on('framereceived', ({ payload }) => void found.push(...frameViolations(payload).map((m) => `${m} (page ${page.url()})`)));
  });
}

export function watchContract(context: BrowserContext): void {
  for (const page of context.pages()) watchFrames(page);
  context.on('page', watchFrames);
  context.on('response', (res) => {
    const check: Promise<void> = answerViolations(res)
      .then((v) => void found.push(...v.map((msg) => `${msg} (page ${pageOf(res)})`)))
      .catch((err: unknown) => void found.push(`${res.url()}: could not be checked: ${String(err)}`))
      .finally(() => pending.delete(check));
    pending.add(check);
  });
}

/** fetch for a test's own calls to the server: throws when an /api or /metrics answer is not as documented. */
export async function contractFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  const { pathname, search } = new URL(url);
  const contentType = res.headers.get('content-type') ?? '';
  const body = contentType.startsWith('text/event-stream') ? undefined : await res.clone().text();
  contract.check({ method: init.method ?? 'GET', path: pathname + search, status: res.status, contentType, body });
  return res;
}

/** How many /api and /metrics answers were checked so far (a suite can show the hook was not idle). */
export function contractAnswersChecked(): number {
  return answersChecked;
}

/** How many /ws frames were checked so far. */
export function contractFramesChecked(): number {
  return framesChecked;
}

/** The violations seen since the last call (waiting for the checks still running), then forgets them. */
export async function takeContractViolations(): Promise<string[]> {
  await Promise.allSettled([...pending]);
  return found.splice(0);
}
