// Reads the deployment files (Dockerfile, docker-compose.yml, .dockerignore, .env.example,
// README.md) the way Docker and Compose would, so tests check the real files and can't drift.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function readRepoFile(path: string): string {
  return readFileSync(`${REPO_ROOT}${path}`, 'utf8');
}

// ---- Dockerfile ---------------------------------------------------------------------------------

export interface DockerInstruction {
  /** upper-case keyword: FROM, COPY, RUN, ENV, CMD, ... */
  keyword: string;
  /** the rest of the line, continuations joined */
  args: string;
}

export interface DockerStage {
  name: string | undefined;
  image: string;
  instructions: DockerInstruction[];
}

/** Splits a Dockerfile into stages of instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: DockerStage[] } {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const args: Record<string, string> = {};
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const rest = match[2] ?? '';
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=', 2);
      args[name!.trim()] = value.trim();
    } else if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`unreadable FROM line: ${line}`);
      const image = from[1]!.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
      stages.push({ name: from[2], image, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`instruction before FROM: ${line}`);
      stage.instructions.push({ keyword, args: rest });
    }
  }
  return { args, stages };
}

/** `ENV A=1 B=2` (the key=value form) as a map. */
export function parseEnvInstruction(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of args.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const value = m[2]!;
    env[m[1]!] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return env;
}

/** An exec-form (JSON array) CMD, HEALTHCHECK CMD or ENTRYPOINT; shell form is refused. */
export function parseExecForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) {
    throw new Error(`not an exec-form command: ${args}`);
  }
  return parsed as string[];
}

/** `COPY [--from=x] [--chown=y] SRC DST` */
export function parseCopy(args: string): { from: string | undefined; src: string; dst: string } {
  const parts = args.split(/\s+/);
  const flags = parts.filter((p) => p.startsWith('--'));
  const paths = parts.filter((p) => !p.startsWith('--'));
  if (paths.length !== 2) throw new Error(`COPY with one source and one target expected: COPY ${args}`);
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, src: paths[0]!, dst: paths[1]! };
}

/** The .dockerignore patterns: `**\/name` ignores that name anywhere, `name` only at the top. */
export function dockerIgnore(text: string): (relativePath: string) => boolean {
  const anywhere = new Set<string>();
  const top = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('**/')) anywhere.add(line.slice(3));
    else top.add(line.replace(/^\/|\/$/g, ''));
  }
  return (relativePath) => {
    const segments = relativePath.split('/').filter(Boolean);
    if (segments.length > 0 && top.has(segments[0]!)) return true;
    if (top.has(relativePath)) return true;
    return segments.some((s) => anywhere.has(s)) || [...top].some((t) => t.startsWith('*.') && relativePath.endsWith(t.slice(1)));
  };
}

// ---- docker-compose.yml -------------------------------------------------------------------------

export interface ComposeService {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string };
  volumes?: string[];
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(): ComposeFile {
  // merge: YAML `<<:` keys, which the compose file uses to share the app definition.
  return parseYaml(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

/** A service's environment as a map; null = a bare `NAME:` entry taken from .env or the shell. */
export function serviceEnvironment(service: ComposeService): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const i = entry.indexOf('=');
      if (i < 0) env[entry] = null;
      else env[entry.slice(0, i)] = entry.slice(i + 1);
    }
  } else {
    for (const [k, v] of Object.entries(raw)) env[k] = v === null ? null : String(v);
  }
  return env;
}

/** The values a container gets when neither .env nor the shell sets the bare names. */
export function fixedEnvironment(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(serviceEnvironment(service)).filter((e): e is [string, string] => e[1] !== null),
  );
}

// ---- .env.example and README --------------------------------------------------------------------

/** `NAME=value` lines of a dotenv file (comments and blank lines skipped). */
export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(raw.trim());
    if (m) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

/** Rows of the first markdown table under the heading `## <title>`: cells per row, header excluded. */
export function markdownTable(markdown: string, title: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line)) break;
    if (line.trim().startsWith('|')) {
      inTable = true;
      const cells = line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
      if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
      rows.push(cells);
    } else if (inTable) {
      break;
    }
  }
  return rows.slice(1);
}
