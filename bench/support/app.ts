// Starts the real app (node backend/src/main.ts) on the simulated source with a throw-away embedded
// database (or DATABASE_URL when given), on a free port, and waits until /api/health answers. By
// default with the process tuning it ships with (node flags and malloc settings: ./runtime.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mallocEnv, runtimeFlags } from './runtime.ts';

export interface RunningApp {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * `nodeFlags`: the image's by default. `keepDataDir`: an existing DATA_DIR to use and leave in place
 * (a restart), instead of a throw-away one. `untuned`: glibc's default malloc settings.
 */
export async function startApp(env: Record<string, string> = {}, nodeFlags: string[] = runtimeFlags(), keepDataDir?: string, untuned = false): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = keepDataDir ?? mkdtempSync(join(tmpdir(), 'tickstream-bench-'));
  const main = fileURLToPath(new URL('../../backend/src/main.ts', import.meta.url));
  const child = spawn(process.execPath, [...nodeFlags, main], {
    env: {
      ...process.env,
      QUOTE_SOURCE: 'simulated',
      SIMULATION_MARKET: 'always-open',
      POLL_INTERVAL_SECONDS: '1',
      BACKFILL_DAYS: '1',
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(untuned ? {} : mallocEnv()),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      await stop();
      throw new Error('the app did not answer /api/health within 3 minutes');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, child, stop };
}

/**
 * Waits until the app is past its start-up work, as a server that has been running is: a poll
 * stored, the 1m backfill and the daily history sync done (/api/health's progress). Those take
 * several seconds of CPU on a small machine; a page load measured meanwhile measures them.
 * `onAnswer` gets each /api/health round trip in ms (bench/startup.ts), asked every `gapMs`.
 */
export async function settled(app: RunningApp, opts: { timeoutMs?: number; gapMs?: number; onAnswer?: (ms: number) => void } = {}): Promise<void> {
  interface Progress {
    running: boolean;
  }
  const { timeoutMs = 120_000, gapMs = 250 } = opts;
  const until = Date.now() + timeoutMs;
  let backfilledAt: number | null = null;
  for (;;) {
    const asked = performance.now();
    const h = (await (await fetch(`${app.url}/api/health`)).json()) as { lastPollAtMs: number | null; backfill: Progress; source: { dailyHistory?: Progress } };
    opts.onAnswer?.(performance.now() - asked);
    const backfilled = h.lastPollAtMs !== null && !h.backfill.running;
    backfilledAt = backfilled ? (backfilledAt ?? Date.now()) : null;
    const daily = h.source.dailyHistory;
    // The daily sync starts once the backfill is done, and reports nothing when no symbol is due (a restart).
    if (backfilled && (daily ? !daily.running : Date.now() - (backfilledAt ?? 0) > 5000)) return;
    if (Date.now() > until) throw new Error(`the app was still starting after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, gapMs));
  }
}

/** Resident set size of a process in MB (Linux /proc). */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
export async function cpuMs(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  // the fields after the command name, which is in parentheses and may hold spaces
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
