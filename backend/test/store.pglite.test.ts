import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openPgliteStore } from '../src/store/index.ts';
import { prepareInChild } from '../src/store/pglite-prepare.ts';
import { MONDAY_OPEN, bar, describeStoreConformance, tick } from './store-conformance.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickstream-pglite-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeStoreConformance('PGlite (data dir)', () => openPgliteStore({ dataDir: join(dir, 'conformance') }));

describe('PGlite persistence', () => {
  it('keeps ticks, bars and holdings across close and reopen of the data dir', async () => {
    const dataDir = join(dir, 'nested', 'persist');
    const first = await openPgliteStore({ dataDir });
    expect(first.kind).toBe('pglite');
    expect(first.timescale).toBe(false);
    await first.ticks.insertMany([tick('PERS', MONDAY_OPEN, 42)]);
    await first.candles.upsertMany([bar('PERS', MONDAY_OPEN, 42)]);
    const holding = await first.holdings.create({ symbol: 'PERS', quantity: '1.5', costPerShare: '40.00' });
    await first.close();

    const second = await openPgliteStore({ dataDir });
    try {
      expect((await second.ticks.latest(['PERS']))[0]?.price).toBe(42);
      expect(await second.candles.lastBuckets(['PERS'])).toEqual(new Map([['PERS', MONDAY_OPEN]]));
      expect(await second.holdings.get(holding.id)).toEqual(holding);
      // Reopening applies nothing twice: the repeated insert is still a no-op.
      expect(await second.ticks.insertMany([tick('PERS', MONDAY_OPEN, 42)])).toEqual([]);
    } finally {
      await second.close();
    }
  });
});

describe('PGlite data dir ownership', () => {
  it('refuses a data dir that another live process holds, naming DATA_DIR', async () => {
    const dataDir = join(dir, 'held');
    await mkdir(dataDir, { recursive: true });
    // The parent process (the test runner) is alive and is not us.
    await writeFile(join(dataDir, 'tickstream.lock'), String(process.ppid));
    await expect(openPgliteStore({ dataDir })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('DATA_DIR') as unknown,
    });
  });

  it('takes over a lock left by a process that died, and frees it on close', async () => {
    const dataDir = join(dir, 'stale');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'tickstream.lock'), '2147483646');
    const store = await openPgliteStore({ dataDir });
    expect(await readFile(join(dataDir, 'tickstream.lock'), 'utf8')).toBe(String(process.pid));
    await store.close();
    await expect(readFile(join(dataDir, 'tickstream.lock'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('PGlite new data directory', () => {
  const captured = () => {
    const lines: Array<{ level: number; msg: string; migration?: string; reason?: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    return { lines, logger };
  };

  it("is created and migrated by a child process (whose memory goes back when it exits), with the child's log lines in the server's log, each once", async () => {
    const { lines, logger } = captured();
    const store = await openPgliteStore({ dataDir: join(dir, 'fresh'), logger });
    try {
      await store.holdings.create({ symbol: 'NEWD', quantity: '1', costPerShare: '1.00' });
      expect(lines.map((l) => l.msg)).toContain('creating the embedded database in a child process');
      expect(lines.filter((l) => l.msg === 'migration applied').map((l) => l.migration)).toContain('0001_base.sql');
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      // what the child skipped (the TimescaleDB files) is said once, by the child
      expect(lines.filter((l) => l.msg === 'migration skipped until its requirement is met')).toHaveLength(1);
    } finally {
      await store.close();
    }
    // a restart finds it ready: no child
    const { lines: again, logger: second } = captured();
    await (await openPgliteStore({ dataDir: join(dir, 'fresh'), logger: second })).close();
    expect(again.map((l) => l.msg)).not.toContain('creating the embedded database in a child process');
  });

  it('is prepared in-process after saying why when the child fails', async () => {
    const { lines, logger } = captured();
    const notADir = join(dir, 'a-file');
    await writeFile(notADir, 'x');
    expect(await prepareInChild(notADir, logger)).toBe(false);
    const warning = lines.find((l) => l.level === 40);
    expect(warning?.msg).toContain('doing it in this one');
    expect(warning?.reason).toBeTruthy();
  });
});
