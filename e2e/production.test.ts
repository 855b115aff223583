// The Docker image's production path, exercised without a Docker engine: the Dockerfile's runtime
// stage is replayed in a temporary folder (its COPY lines, its `npm ci --omit=dev`, its ENV), the
// frontend coming from the build step `npm test` runs first, then its own CMD is started with the
// compose file's environment for `app` and `app-2` (hosts `db` and `redis` mapped to this machine's
// PostgreSQL and Redis). Two instances sharing the database and Redis stand in for the scale profile.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { TEST_DATABASE_URL, TEST_REDIS_URL, createTestDatabase } from '../backend/test/support/services.ts';
import {
  REPO_ROOT,
  dockerIgnore,
  fixedEnvironment,
  parseCopy,
  parseDockerfile,
  parseEnvInstruction,
  parseExecForm,
  readCompose,
  readRepoFile,
} from '../backend/test/deploy-support.ts';

const run = promisify(execFile);
const POLL_SECONDS = 1;

interface Image {
  dir: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[];
  skipped: string[];
}

/** Replays the last Dockerfile stage into `dir`; RUN steps other than `npm ci` are listed as skipped. */
async function replayRuntimeStage(dir: string): Promise<Image> {
  const { stages } = parseDockerfile(readRepoFile('Dockerfile'));
  const runtime = stages.at(-1)!;
  const workdirOf = (stage: string) =>
    stages.find((s) => s.name === stage)?.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
  const ignored = dockerIgnore(readRepoFile('.dockerignore'));
  const image: Image = { dir, workdir: '/', env: {}, cmd: [], healthcheck: [], skipped: [] };
  const inImage = (path: string) => {
    const rel = posix.relative(image.workdir, posix.resolve(image.workdir, path));
    if (rel.startsWith('..')) throw new Error(`${path} is outside WORKDIR ${image.workdir}`);
    return join(dir, rel);
  };
  for (const { keyword, args } of runtime.instructions) {
    if (keyword === 'WORKDIR') image.workdir = posix.resolve(image.workdir, args);
    else if (keyword === 'ENV') Object.assign(image.env, parseEnvInstruction(args));
    else if (keyword === 'CMD') image.cmd = parseExecForm(args);
    else if (keyword === 'HEALTHCHECK') image.healthcheck = parseExecForm(args.slice(args.indexOf('CMD ') + 4));
    else if (keyword === 'COPY') {
      const copy = parseCopy(args);
      // --from=<stage>: that stage's WORKDIR is this checkout, where `npm run build` already ran.
      const source = copy.from ? join(REPO_ROOT, posix.relative(workdirOf(copy.from), copy.src)) : join(REPO_ROOT, copy.src);
      const target = inImage(copy.dst);
      await mkdir(join(target, '..'), { recursive: true });
      await cp(source, target, { recursive: true, filter: (p) => copy.from !== undefined || !ignored(relative(REPO_ROOT, p)) });
    } else if (keyword === 'RUN') {
      for (const step of args.split('&&').map((s) => s.trim())) {
        if (/^npm ci\b/.test(step)) await run('sh', ['-c', step], { cwd: dir, env: cleanEnv(), maxBuffer: 16 << 20 });
        else image.skipped.push(step);
      }
    }
  }
  return image;
}

/** The runner's environment without npm's per-script variables (they would point npm at this checkout). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Instance {
  port: number;
  proc: ChildProcess;
  /** stdout and stderr lines, for failure messages */
  output: string[];
  stdout: string[];
  exited: Promise<number | null>;
  url(path: string): string;
}

/** Starts the image's CMD with the compose service's environment, hosts mapped to this machine. */
function startInstance(image: Image, service: 'app' | 'app-2', port: number, shared: { databaseUrl: string; redisPrefix: string }): Instance {
  const composeEnv = fixedEnvironment(readCompose().services[service]!);
  const env: Record<string, string> = { ...image.env, ...composeEnv };
  // The compose network's hosts, swapped for this machine's services.
  expect(new URL(env.DATABASE_URL!).hostname).toBe('db');
  expect(new URL(env.REDIS_URL!).hostname).toBe('redis');
  const redis = new URL(env.REDIS_URL!);
  redis.host = new URL(TEST_REDIS_URL!).host;
  Object.assign(env, {
    DATABASE_URL: shared.databaseUrl, // a fresh database on this machine's server (the compose one is `db`)
    REDIS_URL: redis.toString(),
    REDIS_PREFIX: shared.redisPrefix,
    PORT: String(port), // two instances on one host; compose maps each container's 3000
    QUOTE_SOURCE: 'simulated', // no internet in CI
    POLL_INTERVAL_SECONDS: String(POLL_SECONDS),
  });
  for (const [k, v] of Object.entries(env)) {
    if (v === image.workdir || v.startsWith(`${image.workdir}/`)) env[k] = join(image.dir, v.slice(image.workdir.length));
  }
  const [command, ...args] = image.cmd;
  const proc = spawn(command === 'node' ? process.execPath : command!, args, {
    cwd: image.dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const stdout: string[] = [];
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    output.push(line);
    stdout.push(line);
  });
  createInterface({ input: proc.stderr! }).on('line', (line) => output.push(line));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { port, proc, output, stdout, exited, url: (path) => `http://127.0.0.1:${port}${path}` };
}

async function waitFor<T>(what: string, instance: Instance, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (instance.proc.exitCode !== null) break;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not reached (${String(lastError ?? 'timeout')}); exit code ${instance.proc.exitCode}; output:\n${instance.output.slice(-30).join('\n')}`);
}

async function health(instance: Instance): Promise<{ status: string } | undefined> {
  const res = await fetch(instance.url('/api/health'));
  const body = (await res.json()) as { status: string };
  return res.ok && (body.status === 'ok' || body.status === 'degraded') ? body : undefined;
}

/** Completed poll cycles this instance ran, from its own /metrics. */
async function pollsRun(instance: Instance): Promise<number> {
  const text = await (await fetch(instance.url('/metrics'))).text();
  return [...text.matchAll(/^tickstream_poll_duration_seconds_count\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

/**
 * Runs the image's HEALTHCHECK command and resolves with its exit code. Asynchronous on purpose: a
 * spawnSync here blocked this process for seconds, so the fetch pool never saw the server close its
 * idle keep-alive socket and the next test's request went out on it (ECONNRESET).
 */
async function runHealthcheck(image: Image, port: number): Promise<number | null> {
  const [command, ...args] = image.healthcheck;
  const child = spawn(command === 'node' ? process.execPath : command!, args, {
    env: { PATH: process.env.PATH ?? '', PORT: String(port) },
    stdio: 'ignore',
    timeout: 10_000,
  });
  return new Promise((resolve, reject) => child.once('error', reject).once('exit', (code) => resolve(code)));
}

async function stop(instance: Instance): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  instance.proc.kill('SIGTERM');
  const code = await Promise.race([instance.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 12_000))]);
  if (code === 'timeout') instance.proc.kill('SIGKILL');
  return { code: code === 'timeout' ? null : code, ms: Date.now() - started };
}

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('the production image path (Dockerfile replayed, compose environment)', () => {
  let image: Image;
  let database: { url: string; drop(): Promise<void> };
  const redisPrefix = `tickstream-e2e-${randomBytes(4).toString('hex')}`;
  const instances: Instance[] = [];

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, 'frontend/build/handler.js'))) {
      throw new Error('frontend/build is missing: run `npm run build` first (npm test does it before vitest)');
    }
    image = await replayRuntimeStage(await mkdtemp(join(tmpdir(), 'tickstream-image-')));
    database = await createTestDatabase();
  }, 180_000);

  afterAll(async () => {
    for (const i of instances) if (i.proc.exitCode === null) i.proc.kill('SIGKILL');
    await database?.drop();
    const redis = new Redis(TEST_REDIS_URL!);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    if (image) await rm(image.dir, { recursive: true, force: true });
  });

  it('ships production dependencies only, and runs nothing but npm ci at build time here', async () => {
    const installed = new Set(await readdir(join(image.dir, 'node_modules')));
    for (const runtimeDep of ['express', 'pg', 'ws', 'pino', 'pino-pretty', 'yahoo-finance2', '@tickstream']) {
      expect(installed.has(runtimeDep), runtimeDep).toBe(true);
    }
    for (const devDep of ['vitest', 'typescript', 'eslint', 'svelte', 'vite', 'playwright-core', '@unni-craftsman', 'yaml']) {
      expect(installed.has(devDep), devDep).toBe(false);
    }
    expect(image.skipped).toEqual(['npm cache clean --force', 'mkdir -p /app/data', 'chown node:node /app/data']);
  });

  it('starts with the app service environment, reports healthy and serves the page', async () => {
    const a = startInstance(image, 'app', await freePort(), { databaseUrl: database.url, redisPrefix });
    instances.push(a);
    await waitFor('healthy /api/health', a, () => health(a));

    const page = await fetch(a.url('/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<html/i);
    // SvelteKit links its scripts relative to the page: "./_app/immutable/...".
    const asset = /["']((?:\.\/|\/)_app\/immutable\/[^"']+\.js)["']/.exec(html)?.[1];
    expect(asset, 'the page references its built scripts').toBeDefined();
    expect((await fetch(new URL(asset!, a.url('/')))).status).toBe(200);
  });

  it('passes the image HEALTHCHECK command, which fails when nothing answers', async () => {
    expect(await runHealthcheck(image, instances[0]!.port)).toBe(0);
    expect(await runHealthcheck(image, await freePort())).not.toBe(0);
  });

  it('serves Prometheus metrics and logs JSON lines when stdout is not a terminal', async () => {
    const res = await fetch(instances[0]!.url('/metrics'));
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE tickstream_http_request_duration_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE tickstream_clients_connected gauge$/m);
    const lines = instances[0]!.stdout;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
  });

  it('relays ticks polled by the first instance to a WebSocket client on the second (app-2) over Redis', async () => {
    const a = instances[0]!;
    await waitFor('a first poll on the app instance', a, async () => ((await pollsRun(a)) > 0 ? true : undefined));
    const b = startInstance(image, 'app-2', await freePort(), { databaseUrl: database.url, redisPrefix });
    instances.push(b);
    await waitFor('healthy /api/health on app-2', b, () => health(b));

    const ws = new WebSocket(`ws://127.0.0.1:${b.port}/ws`, { origin: `http://127.0.0.1:${b.port}` });
    const ticks: { symbol: string; time: number }[] = [];
    // a tick carries what moves; where it came from is in the snapshot's complete quotes and in `info`
    const sources: string[] = [];
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as unknown;
      type Msg = { type: string; tick?: (typeof ticks)[number]; ticks?: { source: string }[]; info?: { source: string } };
      for (const msg of [frame].flat() as Msg[]) {
        if (msg.type === 'tick' && msg.tick) ticks.push(msg.tick);
        if (msg.type === 'snapshot') sources.push(...(msg.ticks ?? []).map((t) => t.source));
        if (msg.type === 'info' && msg.info) sources.push(msg.info.source);
      }
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const watchlist = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'TSLA', 'BTC-USD', 'ETH-USD'];
    ws.send(JSON.stringify({ type: 'subscribe', symbols: watchlist }));
    try {
      await waitFor('ticks on the app-2 WebSocket', b, async () => (ticks.length >= 2 * watchlist.length ? true : undefined), 30_000);
    } finally {
      ws.close();
    }
    expect(new Set(ticks.map((t) => t.symbol))).toEqual(new Set(watchlist));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((source) => source === 'simulated')).toBe(true);
    // app-2 never polled: every tick it delivered came from the first instance through Redis.
    expect(await pollsRun(b)).toBe(0);
    expect(await pollsRun(a)).toBeGreaterThan(0);
  });

  it('stops each instance cleanly within 10 s of SIGTERM', async () => {
    expect(instances.length).toBeGreaterThan(0);
    for (const instance of [...instances].reverse()) {
      const { code, ms } = await stop(instance);
      expect(code, instance.output.slice(-10).join('\n')).toBe(0);
      expect(ms).toBeLessThan(10_000);
    }
  });
});
