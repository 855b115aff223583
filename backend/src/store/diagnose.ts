// Start-up failures caused by the database server, in words: one line naming the cause and the fix
// (refused, unknown host, timeout, authentication, missing database or role, TLS, privileges). The
// one place these are classified; serve.ts prints the result. The line names the role, host, port
// and database from DATABASE_URL, never the URL itself, and the password is masked even if a driver
// message carried it.
import { userInfo } from 'node:os';
import { AppError, errorMessage } from '../errors.ts';
import { sqlIdent } from './ident.ts';

export type DatabaseStartupCode = 'DB_UNREACHABLE' | 'DB_AUTH_FAILED' | 'DB_NOT_FOUND' | 'DB_TLS' | 'DB_PRIVILEGE' | 'DB_EXTENSION';

export class DatabaseStartupError extends AppError {
  declare readonly code: DatabaseStartupCode;
  constructor(code: DatabaseStartupCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

interface Target {
  /** host:port as the user wrote it */
  server: string;
  host: string;
  database: string;
  role: string;
  password: string;
  sslmode: string | null;
}

/** node-postgres defaults the role to the OS user, as libpq does. */
function targetOf(url: string): Target {
  const u = new URL(url);
  const role = decodeURIComponent(u.username) || userInfo().username;
  const host = decodeURIComponent(u.hostname.replace(/^\[(.+)\]$/, '$1')) || 'localhost';
  return {
    server: `${host}:${u.port || '5432'}`,
    host,
    database: decodeURIComponent(u.pathname.slice(1)) || role,
    role,
    password: decodeURIComponent(u.password),
    sslmode: u.searchParams.get('sslmode'),
  };
}

interface Found {
  code: string;
  message: string;
  detail: string;
  path: string;
}

/** The innermost error in the cause chain that carries a code (driver, Node or TLS error). */
function rootCause(err: unknown): Found {
  let found: Found | undefined;
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; message?: unknown; detail?: unknown; path?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && !e.code.startsWith('STORE_')) {
      found = { code: e.code, message: errorMessage(e), detail: typeof e.detail === 'string' ? e.detail : '', path: typeof e.path === 'string' ? e.path : '' };
    }
    current = e.cause;
  }
  // Errors without a code (e.g. "The server does not support SSL connections"): the innermost message.
  if (!found) {
    let inner: unknown = err;
    while (inner && typeof inner === 'object' && (inner as { cause?: unknown }).cause) inner = (inner as { cause?: unknown }).cause;
    found = { code: '', message: errorMessage(inner), detail: '', path: '' };
  }
  return found;
}

type Diagnosis = [DatabaseStartupCode, string] | null;

const TLS_VERIFY = /CERT|SIGNATURE|ISSUER|ALTNAME/;

function connection(f: Found, t: Target): Diagnosis {
  switch (f.code) {
    case 'ECONNREFUSED':
      return ['DB_UNREACHABLE', `cannot connect to PostgreSQL at ${t.server}: connection refused. Start the server, or correct the host and port in DATABASE_URL`];
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ['DB_UNREACHABLE', `cannot resolve the database host "${t.host}": correct the host in DATABASE_URL`];
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return ['DB_UNREACHABLE', `no route to PostgreSQL at ${t.server} (${f.code}): check the host and port in DATABASE_URL and any firewall in between`];
    case '57P03':
      return ['DB_UNREACHABLE', `PostgreSQL at ${t.server} is not accepting connections yet (${f.message}): wait for it to finish starting, then start Tickstream`];
    case '53300':
      return ['DB_UNREACHABLE', `PostgreSQL at ${t.server} has no free connection slots (${f.message}): raise max_connections or close idle clients`];
  }
  if (/timeout/i.test(f.message) && /connect/i.test(f.message)) {
    return ['DB_UNREACHABLE', `no answer from PostgreSQL at ${t.server} within 5 s: check the host and port in DATABASE_URL and any firewall in between`];
  }
  return null;
}

function authentication(f: Found, t: Target): Diagnosis {
  if (f.code === '28P01') {
    return ['DB_AUTH_FAILED', `password authentication failed for role "${t.role}" at ${t.server}: correct the user name or password in DATABASE_URL (percent-encode special characters in the password)`];
  }
  if (/client password must be a string|no password was provided|password must be/i.test(f.message)) {
    return ['DB_AUTH_FAILED', `PostgreSQL at ${t.server} asks role "${t.role}" for a password and DATABASE_URL has none: write it as postgres://${t.role}:PASSWORD@${t.server}/${t.database}`];
  }
  if (f.code === '28000' && /role .* does not exist/i.test(f.message)) {
    return ['DB_AUTH_FAILED', `role "${t.role}" does not exist on ${t.server}: create it (CREATE ROLE ${sqlIdent(t.role)} LOGIN PASSWORD '...') or correct the user in DATABASE_URL`];
  }
  if (f.code === '28000' && /no encryption/i.test(f.message) && !t.sslmode) {
    return ['DB_TLS', `PostgreSQL at ${t.server} accepts role "${t.role}" only over TLS (${f.message}): add sslmode=require (or verify-full with sslrootcert) to DATABASE_URL`];
  }
  if (f.code === '28000') {
    return ['DB_AUTH_FAILED', `PostgreSQL at ${t.server} refuses role "${t.role}" for database "${t.database}" (${f.message}): add a matching line to the server's pg_hba.conf and reload it, or connect as another role`];
  }
  if (f.code === '3D000') {
    return ['DB_NOT_FOUND', `database "${t.database}" does not exist on ${t.server}: create it (CREATE DATABASE ${sqlIdent(t.database)} OWNER ${sqlIdent(t.role)}) or correct the database name in DATABASE_URL`];
  }
  return null;
}

function tls(f: Found, t: Target): Diagnosis {
  if (/does not support SSL/i.test(f.message)) {
    return ['DB_TLS', `PostgreSQL at ${t.server} does not accept TLS but DATABASE_URL asks for it (sslmode=${t.sslmode ?? 'require'}): enable ssl on the server, or set sslmode=disable`];
  }
  if (f.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return ['DB_TLS', `the server's TLS certificate is not valid for host "${t.host}" (${f.message}): connect by a host name the certificate lists, or use sslmode=verify-ca to check only the CA`];
  }
  if (TLS_VERIFY.test(f.code)) {
    // Node appends advice about --use-system-ca; the fix below is the one that applies here.
    const why = f.message.replace(/; if the root CA is installed locally.*$/, '');
    return ['DB_TLS', `the TLS certificate of PostgreSQL at ${t.server} did not verify (${why}): name the CA that signed it with sslrootcert=/path/to/ca.crt in DATABASE_URL, or use sslmode=require to encrypt without verifying`];
  }
  if ((f.code === 'ENOENT' || f.code === 'EACCES' || f.code === 'EISDIR') && f.path) {
    return ['DB_TLS', `cannot read ${f.path} named in DATABASE_URL (${f.code}): correct sslrootcert, sslcert or sslkey`];
  }
  if (f.code.startsWith('ERR_SSL') || f.code === 'EPROTO') {
    return ['DB_TLS', `TLS handshake with PostgreSQL at ${t.server} failed (${f.message}): check the server's ssl settings and sslmode in DATABASE_URL`];
  }
  return null;
}

const ADVISORY = /permission denied for function (pg_\w*advisory\w*)/i;

function privilege(f: Found, t: Target): Diagnosis {
  if (f.code !== '42501') return null;
  const role = sqlIdent(t.role);
  const advisory = ADVISORY.exec(f.message);
  if (advisory) {
    return ['DB_PRIVILEGE', `role "${t.role}" may not take advisory locks (${f.message}): have an administrator run GRANT EXECUTE ON FUNCTION pg_advisory_lock(bigint), pg_try_advisory_lock(bigint), pg_advisory_unlock(bigint) TO ${role}`];
  }
  const schema = /permission denied for schema (\S+)/i.exec(f.message);
  if (schema) {
    return ['DB_PRIVILEGE', `role "${t.role}" may not create tables in schema ${schema[1]} (${f.message}): have an administrator run GRANT USAGE, CREATE ON SCHEMA ${schema[1]} TO ${role}, or make ${role} the database owner`];
  }
  if (/permission denied for database/i.test(f.message)) {
    const what = /CONNECT/i.test(f.detail) ? 'CONNECT' : 'CREATE';
    return ['DB_PRIVILEGE', `role "${t.role}" lacks ${what} on database "${t.database}" (${f.message}): have an administrator run GRANT ${what} ON DATABASE ${sqlIdent(t.database)} TO ${role}`];
  }
  const table = /permission denied for (?:table|relation|sequence|view|materialized view) (\S+)/i.exec(f.message);
  if (table) {
    return ['DB_PRIVILEGE', `role "${t.role}" may not use ${table[1]} (${f.message}): run Tickstream as the role that owns its tables, or GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`];
  }
  if (/must be owner of/i.test(f.message)) {
    return ['DB_PRIVILEGE', `role "${t.role}" does not own the objects the migrations change (${f.message}): run Tickstream as their owner, or transfer them with ALTER ... OWNER TO ${role}`];
  }
  return ['DB_PRIVILEGE', `role "${t.role}" lacks a privilege (${f.message}): grant it, or run Tickstream as the database owner`];
}

/** A DatabaseStartupError raised on purpose below (e.g. by the migration runner), however wrapped. */
function ownDiagnosis(err: unknown): DatabaseStartupError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    if (current instanceof DatabaseStartupError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function mask(text: string, secret: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return secret.length > 0 ? oneLine.split(secret).join('***') : oneLine;
}

/**
 * The start-up error to print: a DatabaseStartupError when the cause is recognized, otherwise the
 * original error (its message put on one line, password masked).
 */
export function diagnoseStartupError(err: unknown, url: string): Error {
  let target: Target;
  try {
    target = targetOf(url);
  } catch {
    return err instanceof Error ? err : new Error(String(err));
  }
  const own = ownDiagnosis(err);
  if (own) return new DatabaseStartupError(own.code, mask(own.message, target.password), { cause: err });
  const found = rootCause(err);
  const diagnosis = connection(found, target) ?? authentication(found, target) ?? tls(found, target) ?? privilege(found, target);
  if (diagnosis) return new DatabaseStartupError(diagnosis[0], mask(diagnosis[1], target.password), { cause: err });
  const message = errorMessage(err);
  const masked = mask(message, target.password);
  if (masked === message && err instanceof Error) return err;
  if (err instanceof AppError) return new AppError(err.code, masked, { cause: err });
  return new Error(masked, { cause: err });
}
