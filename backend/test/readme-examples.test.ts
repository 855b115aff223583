// Every example in README.md, run against the real app (node backend/src/main.ts: simulated source,
// embedded database in a temp dir, API_TOKEN set) in README order, in one app:
//
// - every ```sh block that calls `curl` runs with `sh -e`, through the real curl;
// - every ```js block runs as an ES module with the real node (--experimental-eventsource);
// - `localhost:3000` becomes the test server's port; `$API_TOKEN` is in the environment;
// - a block passes when it exits 0, reaches the server, every HTTP answer is 2xx and as
//   /api/openapi.json documents it (support/contract.ts), and every WebSocket frame or SSE event is
//   in the message map with no `error` among them;
// - a block showing an error answer announces its status with a `# expect HTTP 400` comment line;
// - a block that cannot run here opts out with its FIRST line `# not run: <reason>` (sh) or
//   `// not run: <reason>` (js), which is the only way out: so write examples that run.
//
// The second suite proves the runner fails broken examples (a failing command, an undeclared 4xx, an
// undocumented answer, a live error message).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, waitFor, type TestServer } from '../../e2e/support/server.ts';
import { createRunner, exampleBlocks, messageProblems, type Block } from './support/readme-examples.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const TOKEN = 'readme-examples-token-0123456789';
const blocks = exampleBlocks(README);
const runnable = blocks.filter((b) => !b.notRun);
const title = (b: Block) => `README line ${b.line} (${b.lang}): ${b.code.split('\n').find((l) => /^\s*[^#/\s]/.test(l))?.trim().slice(0, 70)}`;

describe('README examples, run against the real app', () => {
  let server: TestServer;
  const runner = createRunner();

  beforeAll(async () => {
    server = await startServer({ ready: 'api', startTimeoutMs: 150_000, env: { API_TOKEN: TOKEN, POLL_INTERVAL_SECONDS: '1', BACKFILL_DAYS: '1', WS_HEARTBEAT_SECONDS: '5' } });
    // Examples show live data: wait for the first poll's quotes.
    await waitFor('quotes', async () => ((await (await fetch(`${server.url}/api/quotes`)).json()) as { quotes: unknown[] }).quotes.length > 0, 90_000, 500);
  }, 240_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it('has the examples this test exists for (curl, WebSocket, SSE), each run or marked', () => {
    expect(runnable.filter((b) => b.lang === 'sh').length).toBeGreaterThanOrEqual(4);
    expect(runnable.some((b) => b.lang === 'js' && b.code.includes('new WebSocket('))).toBe(true);
    expect(runnable.some((b) => b.lang === 'js' && b.code.includes('new EventSource('))).toBe(true);
    expect(README).not.toMatch(/```sh\n[^`]*websocat/);
  });

  it.each(runnable.map((b) => [title(b), b] as const))('%s', async (_, block) => {
    const run = await runner.run(block, { port: server.port, env: { API_TOKEN: TOKEN } });
    expect(run.problems, `output:\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}\nserver:\n${server.output().slice(-1500)}`).toEqual([]);
  }, 90_000);
});

describe('the README example runner', () => {
  let fake: Server;
  let port: number;
  const runner = createRunner();
  const sh = (code: string): Block => ({ lang: 'sh', code, line: 1 });

  beforeAll(async () => {
    // answers like the app would, except that /api/quotes lacks its `status` (undocumented)
    fake = createServer((req, res) => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      if (req.url === '/api/quotes') json(200, { quotes: [] });
      else if (req.url?.startsWith('/api/history')) json(400, { error: { code: 'INVALID_INTERVAL', message: 'no' } });
      else json(404, { error: { code: 'NOT_FOUND', message: 'no' } });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    port = (fake.address() as { port: number }).port;
  });

  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

  it('fails an answer that is not in the OpenAPI document', async () => {
    const run = await runner.run(sh('curl -s localhost:3000/api/quotes'), { port });
    expect(run.problems.join('\n')).toMatch(/GET \/api\/quotes answered 200: body must have required property 'status'/);
  });

  it('fails an error answer the block did not announce, and passes it when announced', async () => {
    const cmd = "curl -s 'localhost:3000/api/history?symbol=AAPL&interval=2m'";
    expect((await runner.run(sh(cmd), { port })).problems.join('\n')).toMatch(/answered 400 \(not 2xx/);
    expect((await runner.run(sh(`# expect HTTP 400\n${cmd}`), { port })).problems).toEqual([]);
  });

  it('fails a block that exits non-zero or reaches nothing', async () => {
    const run = await runner.run(sh("curl -s localhost:3000/api/quotes >/dev/null\nfalse"), { port });
    expect(run.problems.join('\n')).toMatch(/exited with 1/);
    expect((await runner.run(sh('echo curl '), { port })).problems).toContain('reached nothing on the server');
  });

  it('fails a JS example whose fetch gets an undocumented answer', async () => {
    const block: Block = { lang: 'js', line: 1, code: "await fetch('http://localhost:3000/api/quotes');" };
    expect((await runner.run(block, { port })).problems.join('\n')).toMatch(/body must have required property 'status'/);
  });

  it('fails a live message outside the message map, or an error message', () => {
    expect(messageProblems('[{"type":"tick","tick":{"symbol":"AAPL"}}]').join('\n')).toMatch(/not in the message map/);
    expect(messageProblems('{"type":"error","code":"BAD_JSON","message":"x"}').join('\n')).toMatch(/answered an error/);
    expect(messageProblems('{"type":"pong","serverTimeMs":1764612000000}')).toEqual([]);
  });

  it('finds sh blocks with curl and js blocks, and honours the not-run marker', () => {
    const md = ['```sh', 'npm start', '```', '```sh', '# not run: needs docker', 'curl -s x', '```', '```sh', 'curl -s y', '```', '```js', 'x()', '```'].join('\n');
    expect(exampleBlocks(md)).toEqual([
      { lang: 'sh', code: '# not run: needs docker\ncurl -s x', line: 4, notRun: 'needs docker' },
      { lang: 'sh', code: 'curl -s y', line: 8 },
      { lang: 'js', code: 'x()', line: 11 },
    ]);
  });
});
