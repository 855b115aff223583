// Optional parts load only when configured, so a small install does not pay their memory
// (bench:memory): yahoo-finance2 on the first Yahoo request, ioredis with REDIS_URL, and of the two
// database drivers only the one opened. Checked in a fresh process that records every import.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The bare package imports a fresh node process makes while running `body` (an async function body). */
function packagesImported(body: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({ resolve(specifier, context, next) { if (!/^[./]|^node:|^file:/.test(specifier)) seen.add(specifier); return next(specifier, context); } });
    const src = ${JSON.stringify(SRC)};
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'silent' });
    const { loadConfig } = await import(src + 'config.ts');
    await (async () => { ${body} })();
    process.stdout.write(JSON.stringify([...seen]));
    process.exit(0);
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: SRC, encoding: 'utf8' })) as string[];
}

describe('optional modules', () => {
  it('a simulated single instance never loads yahoo-finance2 or ioredis, nor a database driver before it opens one', () => {
    const seen = packagesImported(`
      const config = loadConfig({ QUOTE_SOURCE: 'simulated' });
      const { createSource } = await import(src + 'sources/index.ts');
      const { createBus } = await import(src + 'bus/index.ts');
      const { openStore } = await import(src + 'store/index.ts');
      await createSource(config.source, logger).fetchQuotes(['AAPL']);
      await (await createBus(config.redis, logger)).close();
      if (typeof openStore !== 'function') throw new Error('no openStore');
    `);
    expect(seen).toContain('zod');
    expect(seen).not.toContain('yahoo-finance2');
    expect(seen).not.toContain('ioredis');
    expect(seen).not.toContain('pg');
    expect(seen).not.toContain('@electric-sql/pglite');
  });

  it('the Yahoo source loads yahoo-finance2 on its first request, and the server store pg without PGlite', () => {
    const seen = packagesImported(`
      const config = loadConfig({ QUOTE_SOURCE: 'yahoo' });
      const { createSource } = await import(src + 'sources/index.ts');
      const { openPostgresStore } = await import(src + 'store/index.ts');
      // The library calls our fetch once it is loaded; the request itself fails (no network in tests).
      let reached;
      const fetched = new Promise((resolve) => (reached = resolve));
      const source = createSource(config.source, logger, { fetch: async () => { reached(); throw new Error('offline'); } });
      void source.fetchQuotes(['AAPL']).catch(() => undefined);
      await fetched;
      await openPostgresStore('postgres://nobody@127.0.0.1:1/none', { logger }).catch(() => undefined);
    `);
    expect(seen).toContain('yahoo-finance2');
    expect(seen).toContain('pg');
    expect(seen).not.toContain('@electric-sql/pglite');
  });
});
