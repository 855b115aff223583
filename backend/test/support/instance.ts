// A real instance: a separate process running backend/src/main.ts with the given environment, for
// the scale-out and failover suites (kill it with proc.kill('SIGKILL') to crash it).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
