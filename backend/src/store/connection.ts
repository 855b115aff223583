// node-postgres connection settings from DATABASE_URL, with libpq's meaning of `sslmode`.
//
// node-postgres (pg-connection-string 2.x) reads `sslmode=prefer|require|verify-ca` as verify-full
// unless the URL also says `uselibpqcompat=true`; users copy URLs from psql and managed-database
// consoles, where `require` means "encrypt, do not verify". So every URL with an sslmode gets
// libpq semantics here (pg-connection-string's own compat mode does the work):
//   disable      no TLS
//   allow        no TLS (libpq tries plain first; node-postgres cannot fall back to TLS)
//   prefer       TLS without verification (libpq would fall back to plain; node-postgres cannot)
//   require      TLS without verification; with sslrootcert, the chain is verified (as verify-ca)
//   verify-ca    TLS, chain verified against sslrootcert, host name not checked
//   verify-full  TLS, chain and host name verified (sslrootcert, else Node's public CAs)
//   no-verify    node-postgres' name for require, kept so existing URLs work
// No sslmode: no TLS, as before (libpq's default, prefer, would try TLS first).
// sslrootcert=system (libpq 16+) means the public CAs: Node's bundled list, as without sslrootcert.
import type pg from 'pg';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;

const CONNECT_TIMEOUT_MS = 5_000;

/** Why DATABASE_URL's TLS settings cannot work, or null. Checked once by config.ts. */
export function sslSettingsProblem(url: string): string | null {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return null; // the URL rule reports it
  }
  const mode = params.get('sslmode');
  if (mode === null) return null;
  if (!(SSL_MODES as readonly string[]).includes(mode)) return `sslmode=${mode} is not one of ${SSL_MODES.join(', ')}`;
  if (mode === 'verify-ca' && (!params.get('sslrootcert') || params.get('sslrootcert') === 'system')) {
    return 'sslmode=verify-ca needs sslrootcert=<path of the CA certificate> in the URL';
  }
  return null;
}

/** The URL node-postgres should parse so that sslmode means what libpq means by it. */
export function driverUrl(url: string): string {
  const parsed = new URL(url);
  const mode = parsed.searchParams.get('sslmode');
  if (mode === null) return url;
  parsed.searchParams.delete('uselibpqcompat');
  if (parsed.searchParams.get('sslrootcert') === 'system') parsed.searchParams.delete('sslrootcert');
  if (mode === 'allow') parsed.searchParams.set('sslmode', 'disable');
  if (mode === 'no-verify') parsed.searchParams.set('sslmode', 'require');
  parsed.searchParams.set('uselibpqcompat', 'true');
  return parsed.toString();
}

export function clientConfig(url: string, applicationName: string): pg.ClientConfig {
  return { connectionString: driverUrl(url), connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, application_name: applicationName };
}
