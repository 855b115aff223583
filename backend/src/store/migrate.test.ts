import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger.ts';
import { checksum, migrate, parseConditions, parseRequires, type MigrationFile, type MigrationSession } from './migrate.ts';
import { lockKey } from './lock.ts';

describe('migration files', () => {
  it('reads `-- requires:` only from the leading comment block', () => {
    expect(parseRequires('-- requires: timescaledb\n-- requires: a, b_c\nSELECT 1;\n-- requires: late')).toEqual(['timescaledb', 'a', 'b_c']);
    expect(parseRequires('\n-- a comment\n\n-- Requires: pg_trgm\nCREATE TABLE t ();')).toEqual(['pg_trgm']);
    expect(parseRequires('CREATE TABLE t ();')).toEqual([]);
  });

  it('reads `-- requires-sql:` conditions from the header only', () => {
    expect(parseConditions("-- requires: x\n-- requires-sql: SELECT current_setting('a', true) = 'b'\nSELECT 1;\n-- requires-sql: SELECT false")).toEqual([
      "SELECT current_setting('a', true) = 'b'",
    ]);
  });

  it('refuses extension names that are not plain identifiers', () => {
    expect(() => parseRequires('-- requires: x; DROP TABLE y')).toThrow(/bad extension name/);
  });

  it('checksums content independent of line endings', () => {
    expect(checksum('a\r\nb')).toBe(checksum('a\nb'));
    expect(checksum('a\nb')).not.toBe(checksum('a\nc'));
  });

  it('derives a stable signed 64-bit lock key per name', () => {
    const key = BigInt(lockKey('poller'));
    expect(key).toBe(BigInt(lockKey('poller')));
    expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
    expect(lockKey('poller')).not.toBe(lockKey('migrations'));
  });
});

describe('applying a file that lost a deadlock to a database job', () => {
  function fakeSession(deadlocksFirst: number) {
    const log: string[] = [];
    const warnings: string[] = [];
    let runs = 0;
    const session: MigrationSession = {
      takeWarnings: () => warnings.splice(0),
      async exec(text) {
        if (text.startsWith('-- policy')) {
          runs++;
          // the file catches the deadlock itself and says so in a WARNING, as 0002/0003 do
          if (runs <= deadlocksFirst) warnings.push('timescaledb policy refused (refresh candles_1d over all history): deadlock detected');
        }
        log.push(text.split('\n')[0] as string);
      },
      async query<T>(text: string) {
        log.push(text.split(' ').slice(0, 2).join(' '));
        return (text.includes('to_regclass') ? [{ exists: true }] : []) as T[];
      },
    };
    return { session, log };
  }
  const file: MigrationFile = { name: '0099_policy.sql', sql: '-- policy\nSELECT 1', checksum: 'x', requires: [], conditions: [] };
  const logger = () => ({ info: vi.fn(), warn: vi.fn() }) as unknown as Logger & { warn: ReturnType<typeof vi.fn> };

  it('rolls the whole file back and runs it again, and records it once, without the refusal', async () => {
    const { session, log } = fakeSession(1);
    const l = logger();
    await expect(migrate(session, l, [file])).resolves.toMatchObject({ applied: ['0099_policy.sql'] });
    expect(log.filter((s) => s === '-- policy')).toHaveLength(2);
    expect(log.filter((s) => s.startsWith('ROLLBACK TO SAVEPOINT'))).toHaveLength(1);
    expect(log.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect(log.filter((s) => s.startsWith('INSERT INTO'))).toHaveLength(1);
    expect(l.warn).not.toHaveBeenCalled();
  });

  it('keeps the refusal as a warning when the deadlock comes back every time', async () => {
    const { session, log } = fakeSession(Number.POSITIVE_INFINITY);
    const l = logger();
    await migrate(session, l, [file]);
    expect(log.filter((s) => s === '-- policy')).toHaveLength(5);
    expect(l.warn).toHaveBeenCalledWith({ notice: expect.stringContaining('deadlock detected') }, 'database warning during migration');
  }, 10_000);
});
