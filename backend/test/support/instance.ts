// A real instance: a separate process running backend/src/main.ts with the given environment, for
// the scale-out and failover suites (kill it with proc.kill('SIGKILL') to crash it).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, testRedisPrefix } from './services.ts';
import { deleteLiveStream } from './two-instances.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface Instance {
  proc: ChildProcess;
  url: string;
  wsUrl: string;
  leader(): Promise<boolean>;
}

export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const proc = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      resolve(Number(m[1]));
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`instance exited (${code}):\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    proc,
    url,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    leader: async () => ((await (await fetch(`${url}/api/health`)).json()) as { leader: boolean }).leader,
  };
}

/**
 * A cluster of instances on one fresh test database and one Redis prefix, polling the simulated
 * market every second; `teardown` kills every instance started and removes what they left.
 */
export async function instanceCluster(databaseUrl: string, redisUrl: string, extra: Record<string, string>) {
  const db = await createTestDatabase(databaseUrl);
  const prefix = testRedisPrefix();
  const instances: Instance[] = [];
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    QUOTE_SOURCE: 'simulated',
    SIMULATION_MARKET: 'always-open',
    POLL_INTERVAL_SECONDS: '1',
    BACKFILL_DAYS: '0',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    PORTFOLIO: '',
    ...extra,
  };
  return {
    db,
    async start(): Promise<Instance> {
      const instance = await startInstance(env);
      instances.push(instance);
      return instance;
    },
    async teardown() {
      for (const i of instances) i.proc.kill('SIGKILL');
      await deleteLiveStream(redisUrl, prefix);
      await db.drop();
    },
  };
}
