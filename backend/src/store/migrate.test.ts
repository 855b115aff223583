import { describe, expect, it } from 'vitest';
import { checksum, parseConditions, parseRequires } from './migrate.ts';
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
