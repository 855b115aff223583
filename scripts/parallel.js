// Runs shell commands side by side and fails if any fails; each one's output is printed in one
// piece when it ends, so logs do not interleave. `npm test` uses it for the checks that run on one
// core each (eslint, tsc, svelte-check): on a 2-core CI machine the other core was idle.
// Usage: node scripts/parallel.js "<command>" "<command>" ...
import { spawn } from 'node:child_process';

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
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exit(results.some((code) => code !== 0) ? 1 : 0);
