import { describe, expect, it } from 'vitest';
import { decideExtension, type ExtensionFacts } from './extensions.ts';
import { sqlIdent } from './ident.ts';

const facts = (over: Partial<ExtensionFacts> = {}): ExtensionFacts => ({
  name: 'timescaledb',
  role: 'app',
  database: 'tickstream',
  available: true,
  installed: false,
  superuser: false,
  trusted: true,
  mayCreateInDatabase: true,
  preloaded: true,
  preloadList: null,
  ...over,
});

describe('deciding whether a required extension can be used', () => {
  it('uses an extension already created, creates one the role may create', () => {
    expect(decideExtension(facts({ installed: true, mayCreateInDatabase: false }))).toEqual({ action: 'use' });
    expect(decideExtension(facts())).toEqual({ action: 'create' });
    expect(decideExtension(facts({ superuser: true, trusted: false, mayCreateInDatabase: false }))).toEqual({ action: 'create' });
  });

  it('skips quietly when the server does not have it at all', () => {
    expect(decideExtension(facts({ available: false, preloaded: false }))).toMatchObject({ action: 'skip', warn: false, reason: 'extension timescaledb is not installed on this server' });
  });

  it('never tries an installed extension that is not preloaded, and names the setting with the libraries already there', () => {
    expect(decideExtension(facts({ preloaded: false, superuser: true }))).toEqual({
      action: 'skip',
      warn: true,
      reason: 'extension timescaledb is installed but not preloaded (it is missing from shared_preload_libraries)',
      fix: "set shared_preload_libraries = 'timescaledb' in postgresql.conf (timescaledb-tune does this) and restart PostgreSQL",
    });
    expect(decideExtension(facts({ preloaded: false, preloadList: 'pg_stat_statements' }))).toMatchObject({
      fix: expect.stringContaining("shared_preload_libraries = 'pg_stat_statements,timescaledb'"),
    });
  });

  it('refuses an extension created in the database whose library is not loaded: its objects would fail or be written wrongly', () => {
    expect(decideExtension(facts({ installed: true, preloaded: false }))).toEqual({
      action: 'refuse',
      reason: 'extension timescaledb is created in database "tickstream" but not preloaded (it is missing from shared_preload_libraries)',
      fix: "set shared_preload_libraries = 'timescaledb' in postgresql.conf (timescaledb-tune does this) and restart PostgreSQL",
    });
  });

  it('asks an administrator when the role may not create it', () => {
    expect(decideExtension(facts({ mayCreateInDatabase: false, database: 'My DB' }))).toEqual({
      action: 'skip',
      warn: true,
      reason: 'role "app" may not create extension timescaledb in database "My DB"',
      fix: 'have an administrator run CREATE EXTENSION timescaledb; in database "My DB" (or GRANT CREATE ON DATABASE "My DB" TO app), then restart Tickstream',
    });
    expect(decideExtension(facts({ trusted: false }))).toMatchObject({ action: 'skip', fix: expect.not.stringContaining('GRANT') });
  });

  it('quotes identifiers only when SQL needs it', () => {
    expect(sqlIdent('tickstream_app')).toBe('tickstream_app');
    expect(sqlIdent('App-User"x')).toBe('"App-User""x"');
  });
});
