// Runs the README's examples the way a reader would: ```sh blocks with the real curl, ```js blocks
// with the real node, against a running app, and says what went wrong. Every answer is recorded on
// the way (a curl wrapper first on PATH, a node --import preload wrapping fetch, WebSocket and
// EventSource) and checked: each HTTP answer against the OpenAPI document (contract.ts), each live
// message against the shared message schema.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverMessageSchema } from '@tickstream/shared';
import { createContract } from './contract.ts';

export interface Block {
  lang: 'sh' | 'js';
  code: string;
  /** 1-based line of the opening fence */
  line: number;
  /** the reason given by a `# not run: …` / `// not run: …` first line */
  notRun?: string;
}

const SH = new Set(['sh', 'bash', 'shell', 'console']);
const JS = new Set(['js', 'javascript', 'mjs']);
const NOT_RUN = /^\s*(?:#|\/\/)\s*not run:\s*(.+)$/i;

/** The runnable blocks of a markdown text: every ```sh block that calls curl, every ```js block. */
export function exampleBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const end = lines.findIndex((l, j) => j > i && l.trim() === fence);
    const code = lines.slice(i + 1, end === -1 ? undefined : end).join('\n');
    const lang = open[3]!.toLowerCase();
    const kind = SH.has(lang) && /(^|[\s|$(;&])curl\s/m.test(code) ? 'sh' : JS.has(lang) ? 'js' : null;
    if (kind) {
      const reason = NOT_RUN.exec(code.split('\n')[0] ?? '')?.[1];
      blocks.push({ lang: kind, code, line: i + 1, ...(reason ? { notRun: reason.trim() } : {}) });
    }
    if (end === -1) break;
    i = end;
  }
  return blocks;
}

/** Statuses other than 2xx a block announces with `# expect HTTP 400` (or `// expect HTTP 400`). */
export function expectedStatuses(code: string): number[] {
  return [...code.matchAll(/(?:#|\/\/)\s*expect HTTP (\d{3})/gi)].map((m) => Number(m[1]));
}

export interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string;
  /** undefined for an event stream read by a client that never ends it */
  body: string | undefined;
}

export interface ExampleRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  answers: Answer[];
  /** every WebSocket frame / SSE event data seen, as text */
  messages: string[];
  /** what is wrong; empty when the example ran as the README says */
  problems: string[];
}

const CURL_WRAPPER = `#!/usr/bin/env bash
# curl as the README example calls it, recording each answer's status, type and body.
set -o pipefail
rec="$README_EXAMPLES_LOG/curl-$(date +%s%N)-$$"
"$README_EXAMPLES_CURL" "$@" -w '%{stderr}@@answer@@%{json}\\n' 2>"$rec.err" | tee "$rec.body"
code=$?
grep -v '^@@answer@@' "$rec.err" >&2
grep '^@@answer@@' "$rec.err" | sed 's/^@@answer@@//' > "$rec.json"
exit $code
`;

const NODE_PRELOAD = `// Loaded with node --import before a README example: records what fetch, WebSocket and
// EventSource receive.
import { appendFileSync } from 'node:fs';
const log = process.env.README_EXAMPLES_LOG + '/node-' + process.pid + '.jsonl';
const record = (entry) => appendFileSync(log, JSON.stringify(entry) + '\\n');
const nativeFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const res = await nativeFetch(input, init);
  const url = new URL(res.url || String(input instanceof Request ? input.url : input));
  const contentType = res.headers.get('content-type') ?? '';
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const body = contentType.startsWith('text/event-stream') ? undefined : await res.clone().text();
  record({ kind: 'answer', method, path: url.pathname + url.search, status: res.status, contentType, body });
  return res;
};
const NativeWebSocket = globalThis.WebSocket;
globalThis.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (e) => record({ kind: 'message', data: String(e.data) }));
  }
};
if (globalThis.EventSource) {
  const NativeEventSource = globalThis.EventSource;
  globalThis.EventSource = class extends NativeEventSource {
    dispatchEvent(e) {
      if (typeof e.data === 'string') record({ kind: 'message', event: e.type, data: e.data });
      return super.dispatchEvent(e);
    }
  };
}
`;

/** The real curl's path; throws when there is none (the examples are curl commands). */
export function realCurl(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('curl is not installed: the README examples are run with the real curl (apt-get install -y curl)');
  }
}

export interface Runner {
  run(block: Block, opts: { port: number; env?: Record<string, string>; timeoutMs?: number }): Promise<ExampleRun>;
}

export function createRunner(): Runner {
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-readme-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'curl'), CURL_WRAPPER, { mode: 0o755 });
  writeFileSync(join(dir, 'record.mjs'), NODE_PRELOAD);
  const curl = realCurl();
  const contract = createContract();
  let count = 0;

  return {
    async run(block, opts) {
      const log = join(dir, `run-${++count}`);
      mkdirSync(log);
      const code = block.code.replace(/\b(localhost|127\.0\.0\.1):3000\b/g, `$1:${opts.port}`);
      const env = { ...process.env, ...opts.env, PATH: `${bin}:${process.env.PATH ?? ''}`, README_EXAMPLES_LOG: log, README_EXAMPLES_CURL: curl };
      let argv: string[];
      if (block.lang === 'sh') argv = ['sh', '-e', '-c', code];
      else {
        const file = join(log, 'example.mjs');
        writeFileSync(file, code);
        argv = [process.execPath, '--experimental-eventsource', '--import', join(dir, 'record.mjs'), file];
      }
      const { exitCode, stdout, stderr } = await execute(argv, env, opts.timeoutMs ?? 60_000);
      const { answers, messages } = collect(log);
      const allowed = new Set(expectedStatuses(block.code));
      const problems: string[] = [];
      if (exitCode !== 0) problems.push(`exited with ${exitCode ?? 'a timeout'}:\n${stderr || stdout}`);
      if (answers.length + messages.length === 0) problems.push('reached nothing on the server');
      for (const a of answers) {
        if ((a.status < 200 || a.status > 299) && !allowed.has(a.status)) problems.push(`${a.method} ${a.path} answered ${a.status} (not 2xx; a block may announce it with "# expect HTTP ${a.status}")`);
        problems.push(...contract.violations(a));
        if (a.contentType.startsWith('text/event-stream') && a.body !== undefined) messages.push(...streamData(a.body));
      }
      for (const text of messages) problems.push(...messageProblems(text));
      return { exitCode, stdout, stderr, answers, messages, problems };
    },
  };
}

function execute(argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // the whole process group: a shell's curl children too
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: signal ? null : code, stdout, stderr });
    });
  });
}

/** What the curl wrapper and the node preload recorded in one run's folder. */
function collect(log: string): { answers: Answer[]; messages: string[] } {
  const answers: Answer[] = [];
  const messages: string[] = [];
  for (const name of readdirSync(log).sort()) {
    const file = join(log, name);
    if (name.startsWith('curl-') && name.endsWith('.json')) {
      const body = readFileSync(file.replace(/\.json$/, '.body'), 'utf8');
      const written = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const w of written) {
        const url = new URL(String(w.url_effective));
        // one transfer per command in the README; with several, the bodies run together
        answers.push({ method: String(w.method), path: url.pathname + url.search, status: Number(w.http_code), contentType: String(w.content_type ?? ''), body: written.length === 1 ? body : undefined });
      }
    } else if (name.startsWith('node-')) {
      for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { kind: string; data?: string } & Answer;
        if (entry.kind === 'answer') answers.push(entry);
        else if (entry.data !== undefined) messages.push(entry.data);
      }
    }
  }
  return { answers, messages };
}

/** The data of every complete event in an event-stream text (a cut-off last event is left out). */
export function streamData(text: string): string[] {
  const events = text.split('\n\n').slice(0, -1);
  return events.flatMap((event) => {
    const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    return data.length > 0 ? [data.join('\n')] : [];
  });
}

/** A live frame must be JSON the message map accepts, one message or an array, and no `error`. */
export function messageProblems(text: string): string[] {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return [`a live message that is not JSON: ${text.slice(0, 200)}`];
  }
  return [frame].flat().flatMap((msg) => {
    const parsed = serverMessageSchema.safeParse(msg);
    if (!parsed.success) return [`a live message not in the message map: ${JSON.stringify(msg).slice(0, 200)}: ${parsed.error.message}`];
    return parsed.data.type === 'error' ? [`the server answered an error: ${JSON.stringify(msg)}`] : [];
  });
}
