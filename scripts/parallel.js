// Runs shell commands side by side and fails if any fails; each one's output is printed in one
// piece when it ends, so logs do not interleave. `npm test` uses it for the checks that run on one
// core each (eslint, tsc, svelte-check) and for the browser suites beside the rest: on a 2-core CI
// machine the other core was idle.
// A failed command's failure report is printed again at the very end: CI shows only the tail of the
// log, and the command that failed is not always the one that finished last.
// Usage: node scripts/parallel.js "<command>" "<command>" ...
import { spawn } from 'node:child_process';

const SUMMARY_LINES = 80;
const commands = process.argv.slice(2);
const results = await Promise.all(
  commands.map(
    (command) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (code) => {
          process.stdout.write(`\n> ${command} (exit ${code}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n${output}`);
          resolve({ command, code: code ?? 1, output });
        });
      }),
  ),
);
const failed = results.filter((r) => r.code !== 0);
for (const { command, code, output } of failed) {
  process.stdout.write(`\n=== FAILED (exit ${code}): ${command}\n${failureReport(output)}\n`);
}
process.exit(failed.length > 0 ? 1 : 0);

/** Vitest's "Failed Tests" section when there is one, else the output's last lines; at most SUMMARY_LINES. */
function failureReport(output) {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /Failed Tests \d+/.test(line));
  const from = start >= 0 ? start : Math.max(0, lines.length - SUMMARY_LINES);
  return lines.slice(from, from + SUMMARY_LINES).join('\n');
}
