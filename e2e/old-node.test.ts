// A fresh machine whatever Node it has: on a Node older than 22 (this machine's /usr/bin/node is
// v20), `npm start` provisions Node 24 itself through scripts/with-node.js and serves the app. The
// provisioning step is checked on its own against a registry on loopback (a fake node-<os>-<arch>
// package installs in a second, where the real one takes ~30 s), and so is the one line that says
// what to install when it cannot be done.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, freePort, waitFor } from './support/server.ts';

const OLD_NODE = '/usr/bin/node';
const LAUNCHER = join(ROOT, 'scripts/with-node.js');

function oldNodeVersion(): string | null {
  if (!existsSync(OLD_NODE)) return null;
  const version = spawnSync(OLD_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return Number(/^v(\d+)/.exec(version)?.[1]) < 22 ? version : null;
}
const oldVersion = oldNodeVersion();
if (!oldVersion && process.env.CI === 'true') throw new Error(`CI needs a Node older than 22 at ${OLD_NODE} to prove the start on an old Node`);

/** The environment of a shell whose `node` is the old one: /usr/bin first, nothing from the npm running the tests. */
function oldNodeEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // NODE_ENV too: vitest sets it to `test`, and `npm start` rebuilds frontend/build, which the other
    // browser suites then serve; a build under NODE_ENV=test is larger and not what users run.
    if (v !== undefined && !/^npm_/i.test(k) && !['DATABASE_URL', 'REDIS_URL', 'WATCHLIST', 'PORT', 'HOST', 'DATA_DIR', 'NODE_ENV'].includes(k)) env[k] = v;
  }
  return { ...env, PATH: `/usr/bin:${process.env.PATH ?? ''}`, ...extra };
}

const pkgName = `node-${{ linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform as string] ?? process.platform}-${process.arch}`;

/** A loopback npm registry: serves `pkgName`@24.0.0 whose bin/node is a script, or 404 for everything. */
async function fakeRegistry(mode: 'serve' | 'missing') {
  const work = mkdtempSync(join(tmpdir(), 'tickstream-registry-'));
  mkdirSync(join(work, 'package/bin'), { recursive: true });
  writeFileSync(join(work, 'package/package.json'), JSON.stringify({ name: pkgName, version: '24.0.0', bin: { node: 'bin/node' } }));
  writeFileSync(join(work, 'package/bin/node'), '#!/bin/sh\n[ "$1" = --version ] && { echo v24.0.0; exit 0; }\necho "fake node 24 ran: $*"\n');
  chmodSync(join(work, 'package/bin/node'), 0o755);
  spawnSync('tar', ['-czf', 'pkg.tgz', 'package'], { cwd: work });
  const tarball = readFileSync(join(work, 'pkg.tgz'));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const base = `http://127.0.0.1:${port}`;
    if (mode === 'serve' && req.url === `/${pkgName}`) {
      const dist = {
        tarball: `${base}/${pkgName}/-/${pkgName}-24.0.0.tgz`,
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        shasum: createHash('sha1').update(tarball).digest('hex'),
      };
      const version = { name: pkgName, version: '24.0.0', bin: { node: 'bin/node' }, dist };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: pkgName, 'dist-tags': { latest: '24.0.0' }, versions: { '24.0.0': version } }));
    } else if (mode === 'serve' && req.url?.endsWith('.tgz')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Runs the launcher on the old Node with the given cache and registry (async: the registry is in this process). */
async function launch(args: string[], cache: string, registry: string) {
  const npmCache = join(cache, '..', 'npm-cache');
  const proc = spawn(OLD_NODE, [LAUNCHER, ...args], {
    cwd: ROOT,
    env: oldNodeEnv({ TICKSTREAM_NODE_CACHE: cache, npm_config_registry: registry, npm_config_cache: npmCache }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  return { status, stdout, lines: stderr.split('\n').filter(Boolean) };
}

describe.skipIf(!oldVersion)(`on Node ${oldVersion ?? '(none older than 22 here)'}`, () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tickstream-old-node-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("installs the platform's Node 24 package into the cache once, says so in one line, and runs the command under it", async () => {
    const registry = await fakeRegistry('serve');
    const cache = join(work, 'fresh', 'cache');
    try {
      const first = await launch(['node', '-e', '1'], cache, registry.url);
      expect(first.status).toBe(0);
      expect(first.stdout).toBe('fake node 24 ran: -e 1\n');
      expect(first.lines).toEqual([
        `tickstream: Node.js ${oldVersion} is older than 22.18; running under Node.js v24.0.0 (installed ${pkgName}@24 from the npm registry into ${cache}).`,
      ]);
      expect(registry.requests).toContain(`/${pkgName}`);

      const asked = registry.requests.length;
      const again = await launch(['--print-path'], cache, registry.url);
      expect(again.status).toBe(0);
      expect(again.stdout).toBe(`${join(cache, 'node_modules', pkgName, 'bin')}\n`);
      expect(again.lines).toEqual([`tickstream: Node.js ${oldVersion} is older than 22.18; running under Node.js v24.0.0 (from ${cache}).`]);
      expect(registry.requests).toHaveLength(asked); // the cache is used, the registry not asked again
    } finally {
      await registry.close();
    }
  });

  it.each([
    ['has no package for the platform', 'missing', /the npm registry has no node-[\w-]+@24 for this platform/],
    ['cannot be reached', 'unreachable', /the npm registry cannot be reached/],
  ] as const)('says in one line what to install, and runs nothing, when the registry %s', async (_what, mode, reason) => {
    const registry = mode === 'missing' ? await fakeRegistry('missing') : { url: `http://127.0.0.1:${await freePort()}/`, close: async () => undefined };
    const cache = join(work, mode, 'cache');
    const marker = join(work, `${mode}-ran`);
    try {
      const run = await launch(['node', '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`], cache, registry.url);
      expect(run.status).toBe(1);
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toMatch(reason);
      expect(run.lines[0]).toMatch(/install Node\.js 24 \(https:\/\/nodejs\.org\/en\/download, or `nvm install 24`\)/);
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(join(cache, 'node_modules', pkgName))).toBe(false);
    } finally {
      await registry.close();
    }
  });

  describe('npm start', () => {
    let app: ChildProcess | null = null;
    let output = '';
    afterAll(() => {
      // Only if the test failed half-way: the whole process group, like closing the terminal.
      if (app?.pid && app.exitCode === null && app.signalCode === null) process.kill(-app.pid, 'SIGKILL');
    });

    it('provisions Node 24 from the cache, builds, serves /api/health, and stops cleanly on Ctrl-C', async () => {
      const port = await freePort();
      const dataDir = join(work, 'data');
      // The cache .ci/run and the README use: installing from the real registry takes ~30 s,
      // so the install itself is proven above against the loopback registry.
      const cache = process.env.TICKSTREAM_NODE_CACHE || join(homedir(), '.cache', 'tickstream-node');
      const env = oldNodeEnv({
        TICKSTREAM_NODE_CACHE: cache,
        QUOTE_SOURCE: 'simulated',
        WATCHLIST: 'AAPL,MSFT',
        BACKFILL_DAYS: '0',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_PRETTY: 'false',
      });
      expect(spawnSync('npm', ['--version'], { env, encoding: 'utf8' }).status).toBe(0);
      // Its own process group, so that Ctrl-C can be sent to all of it as a terminal does.
      const proc = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      app = proc;
      proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));

      type Health = { status: string; db: { kind: string } };
      const answer = await waitFor(
        '/api/health',
        async () => {
          if (proc.exitCode !== null) return { exited: proc.exitCode }; // no use waiting (waitFor retries on errors)
          const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
          return res.ok ? { health: (await res.json()) as Health } : null;
        },
        240_000,
        500,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${output}`);
      });
      if ('exited' in answer) throw new Error(`npm start exited with ${answer.exited}:\n${output}`);
      const { health } = answer;
      expect(health).toMatchObject({ status: 'ok', db: { kind: 'pglite' } });
      expect(output).toContain(`tickstream: Node.js ${oldVersion} is older than 22.18; running under Node.js v24.`);
      expect(output).not.toMatch(/SyntaxError|ERR_UNKNOWN_FILE_EXTENSION/);

      process.kill(-(proc.pid as number), 'SIGINT');
      const end = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running after 20 s'), 20_000))]);
      // npm ends itself with the signal it was sent (as after Ctrl-C in a terminal), once its script has exited.
      expect(['exit 0', 'SIGINT'], output).toContain(end);
      // Nothing of the group is left running (within a few seconds), and the port is free again.
      const groupGone = () => {
        try {
          process.kill(-(proc.pid as number), 0);
          return false;
        } catch (err) {
          return (err as NodeJS.ErrnoException).code === 'ESRCH';
        }
      };
      await waitFor('every process of npm start to exit', groupGone, 10_000, 100);
      expect(output).toContain('"msg":"stopped cleanly"');
      await expect(fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }, 300_000);
  });
});
