// npm run bench:lighthouse [-- --pages /,/symbol/AAPL,/portfolio --runs 3 --forms mobile,desktop]
//
// Lighthouse 12.2.3 (pinned; 13.x needs Node 22 at install and refuses some lockfiles here), run
// through npx so the app's own install stays lean, against the built app on the simulated source
// with the embedded database (the same server the browser tests start). Chromium is Debian's.
// Each page and form factor runs `--runs` times; the median run by performance score is printed
// with its LCP, TBT and CLS, next to the accessibility and best-practices scores. Mobile uses
// Lighthouse's default simulated throttling (slow 4G, 4x CPU), desktop its desktop preset.
// Needs `npm run build` first. Scores move with machine load: run it on an otherwise idle machine.
// Each row also gives every run's score and Lighthouse's benchmark index for it (its measure of the
// CPU at that run's start): the simulated 4x slowdown multiplies whatever the machine is doing, so
// on a shared machine a run with a low index scores low on unchanged code (seen here: index ~1,100-1,400,
// `/` 83-94; ~2,000-2,300, `/` 92-98).
// `--keep DIR` keeps each run's JSON report there (e.g. to read layout-shift-elements or the bundle audits),
// with its trace (`*-0.trace.json`: what ran inside each long task).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { requireFrontendBuild, startServer, waitFor } from '../e2e/support/server.ts';

const LIGHTHOUSE = 'lighthouse@12.2.3';
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '/,/symbol/AAPL,/portfolio' },
    runs: { type: 'string', default: '3' },
    forms: { type: 'string', default: 'mobile,desktop' },
    keep: { type: 'string' },
  },
});

interface Result {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Lighthouse's own measure of the machine's speed at the run's start (higher is faster) */
  benchmarkIndex: number;
}

const run = promisify(execFile);

async function lighthouse(url: string, form: string, outDir: string): Promise<Result> {
  const name = new URL(url).pathname.replace(/\W+/g, '_');
  const out = join(outDir, `report${name}-${form}-${Date.now()}.json`);
  const flags = [
    '--yes',
    LIGHTHOUSE,
    url,
    '--quiet',
    '--output=json',
    `--output-path=${out}`,
    '--only-categories=performance,accessibility,best-practices',
    `--chrome-flags=${CHROME_FLAGS}`,
    ...(form === 'desktop' ? ['--preset=desktop'] : []),
    // the trace and network log beside the report, to see what each long task ran
    ...(args.keep ? ['--save-assets'] : []),
  ];
  await runLighthouse(flags);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    categories: Record<string, { score: number | null }>;
    audits: Record<string, { numericValue?: number }>;
    environment: { benchmarkIndex: number };
  };
  const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    lcpMs: report.audits['largest-contentful-paint']?.numericValue ?? NaN,
    tbtMs: report.audits['total-blocking-time']?.numericValue ?? NaN,
    cls: report.audits['cumulative-layout-shift']?.numericValue ?? NaN,
    benchmarkIndex: report.environment.benchmarkIndex,
  };
}

/**
 * Lighthouse sometimes loses its own trace (NO_NAVSTART, NO_FCP) and says to run it again; a run
 * is repeated up to twice for those, so one lost trace does not end the bench. Any other error ends it.
 */
async function runLighthouse(flags: string[], attempt = 1): Promise<void> {
  try {
    await run('npx', flags, { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 << 20 });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '');
    if (attempt >= 3 || !/Please run Lighthouse again/.test(stderr)) throw err;
    console.error(`lighthouse: ${stderr.trim().split('\n').at(-1)}; running it again`);
    await runLighthouse(flags, attempt + 1);
  }
}

function median(results: Result[]): Result {
  const sorted = [...results].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor(sorted.length / 2)] as Result;
}

requireFrontendBuild();
const server = await startServer({ env: { PORTFOLIO: 'AAPL:10@150.25,MSFT:5@310,NVDA:20@95.5' } });
const outDir = args.keep ? (mkdirSync(args.keep, { recursive: true }), args.keep) : mkdtempSync(join(tmpdir(), 'tickstream-lighthouse-'));
try {
  // Let the first polls land so every page has prices and history to draw.
  await waitFor('first quotes', async () => ((await (await fetch(`${server.url}/api/quotes`)).json()) as { quotes: unknown[] }).quotes.length > 0);
  const rows: string[] = [
    '| page | form | perf | a11y | best practices | LCP | TBT | CLS | every run\'s perf | machine (benchmark index) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const page of (args.pages ?? '').split(',')) {
    for (const form of (args.forms ?? '').split(',')) {
      const runs: Result[] = [];
      for (let i = 0; i < Number(args.runs); i += 1) runs.push(await lighthouse(server.url + page, form, outDir));
      const m = median(runs);
      const row = `| \`${page}\` | ${form} | ${m.performance} | ${m.accessibility} | ${m.bestPractices} | ${(m.lcpMs / 1000).toFixed(2)} s | ${Math.round(m.tbtMs)} ms | ${m.cls.toFixed(3)} | ${runs.map((r) => r.performance).join(', ')} | ${runs.map((r) => Math.round(r.benchmarkIndex)).join(', ')} |`;
      rows.push(row);
      console.error(row);
    }
  }
  console.log(rows.join('\n'));
} finally {
  if (!args.keep) rmSync(outDir, { recursive: true, force: true });
  await server.dispose();
}
