import { describe, expect, it } from 'vitest';
import { StoreError } from './errors.ts';
import { diagnoseStartupError } from './diagnose.ts';

const URL_ = 'postgres://app:s3cret-pw@db.example:6543/market';

/** A driver error as node-postgres raises it, wrapped as the store wraps it. */
function wrapped(fields: { code?: string; message: string; detail?: string; path?: string }): StoreError {
  const driver = Object.assign(new Error(fields.message), fields);
  return new StoreError('STORE_MIGRATION', `migration 0001_base.sql failed: ${fields.message}`, { cause: driver });
}

const diagnose = (fields: Parameters<typeof wrapped>[0], url = URL_) => diagnoseStartupError(wrapped(fields), url) as Error & { code: string };

describe('database start-up failures in words', () => {
  it('names host and port for network failures', () => {
    expect(diagnose({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.example' })).toMatchObject({
      code: 'DB_UNREACHABLE',
      message: 'cannot resolve the database host "db.example": correct the host in DATABASE_URL',
    });
    expect(diagnose({ message: 'timeout expired' }).message).not.toContain('no answer');
    expect(diagnose({ message: 'Connection terminated due to connection timeout' })).toMatchObject({ code: 'DB_UNREACHABLE', message: expect.stringContaining('no answer from PostgreSQL at db.example:6543') });
    expect(diagnose({ code: '53300', message: 'sorry, too many clients already' }).message).toContain('raise max_connections');
  });

  it('turns each privilege error into the GRANT that fixes it', () => {
    expect(diagnose({ code: '42501', message: 'permission denied for table ticks' }).message).toBe(
      'role "app" may not use ticks (permission denied for table ticks): run Tickstream as the role that owns its tables, or GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app',
    );
    expect(diagnose({ code: '42501', message: 'must be owner of table ticks' }).message).toContain('ALTER ... OWNER TO app');
    expect(diagnose({ code: '42501', message: 'permission denied for database market' }).message).toContain('GRANT CREATE ON DATABASE market TO app');
    expect(diagnose({ code: '42501', message: 'permission denied to create extension "x"' })).toMatchObject({ code: 'DB_PRIVILEGE', message: expect.stringContaining('lacks a privilege') });
  });

  it('defaults the database to the role and the port to 5432, as libpq does', () => {
    expect(diagnose({ code: '3D000', message: 'database "app" does not exist' }, 'postgres://app@db.example').message).toBe(
      'database "app" does not exist on db.example:5432: create it (CREATE DATABASE app OWNER app) or correct the database name in DATABASE_URL',
    );
  });

  it('keeps an unrecognized failure as it was, on one line, with the password masked', () => {
    const err = diagnose({ code: 'XX000', message: 'internal error\nwhile using s3cret-pw' });
    expect(err).toMatchObject({ code: 'STORE_MIGRATION', message: 'migration 0001_base.sql failed: internal error while using ***' });
    const same = wrapped({ code: 'XX000', message: 'boom' });
    expect(diagnoseStartupError(same, URL_)).toBe(same);
  });

  it('never prints the password, even when a driver message carries it', () => {
    expect(diagnose({ code: '28P01', message: 'password authentication failed for user "app" (s3cret-pw)' }).message).not.toContain('s3cret-pw');
    expect(diagnose({ code: 'XX000', message: 'bad s3cret-pw' }).message).not.toContain('s3cret-pw');
  });
});
