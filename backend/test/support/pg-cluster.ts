// A throw-away PostgreSQL 15 cluster for one suite: initdb in a temp dir on a free port, TLS with a
// CA and server certificate made by openssl, pg_hba written by the suite, restartable with other
// settings, removed by stop(). It runs the TimescaleDB copy's binaries (`../shared/timescaledb/start`
// installs them under TIMESCALE_ROOT) when present, so a suite can also preload the extension later;
// otherwise Debian's. PostgreSQL refuses to run as root: the server runs as the postgres user.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const TIMESCALE_BIN = join(process.env.TIMESCALE_ROOT || '/opt/tickstream-timescaledb', 'usr/lib/postgresql/15/bin');
const DEBIAN_BIN = '/usr/lib/postgresql/15/bin';

/** Binaries for the cluster, and whether they come with TimescaleDB. Null when neither is installed. */
export function clusterBinaries(): { bin: string; timescale: boolean } | null {
  if (existsSync(join(TIMESCALE_BIN, 'initdb'))) return { bin: TIMESCALE_BIN, timescale: true };
  if (existsSync(join(DEBIAN_BIN, 'initdb'))) return { bin: DEBIAN_BIN, timescale: false };
  return null;
}

export interface Cluster {
  port: number;
  /** the CA that signed the server certificate (CN and SAN: localhost only) */
  caFile: string;
  /** an unrelated CA, for certificates that must not verify */
  otherCaFile: string;
  timescale: boolean;
  /** postgres://user[:password]@host:port/database?params */
  url(opts: { user?: string; password?: string; host?: string; database?: string; params?: Record<string, string> }): string;
  /** Statements as the superuser over the Unix socket (no TLS, no password); the last one's rows. */
  admin<T = Record<string, unknown>>(sql: string[], database?: string): Promise<T[]>;
  /** Appends settings to postgresql.conf and restarts the server. */
  restart(settings?: string[]): Promise<void>;
  /** The server log's last lines: what a failed test prints, since stop() removes the log. */
  logTail(lines: number): string;
  stop(): Promise<void>;
}

function run(file: string, args: string[], asPostgres = false): void {
  const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function makeCertificates(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'other-ca']) {
    run('openssl', ['req', '-x509', ...ec, '-keyout', join(dir, `${ca}.key`), '-out', join(dir, `${ca}.crt`), '-days', '2', '-subj', `/CN=tickstream test ${ca}`]);
  }
  run('openssl', ['req', ...ec, '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  run('openssl', ['x509', '-req', '-in', join(dir, 'server.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-out', join(dir, 'server.crt'), '-days', '2', '-extfile', join(dir, 'san.ext')]);
}

/** Starts a cluster with ssl=on; `hba` is the whole of pg_hba.conf after the local trust line. */
export async function startCluster(opts: { hba: string[] }): Promise<Cluster> {
  const binaries = clusterBinaries();
  if (!binaries) throw new Error(`no PostgreSQL 15 binaries (${TIMESCALE_BIN} or ${DEBIAN_BIN})`);
  const { bin, timescale } = binaries;
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-pg-'));
  const data = join(dir, 'data');
  chmodSync(dir, 0o755);
  run('chown', ['postgres:postgres', dir]);
  makeCertificates(dir);
  run(join(bin, 'initdb'), ['-N', '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], true);
  for (const f of ['server.crt', 'server.key']) {
    execFileSync('install', ['-o', 'postgres', '-g', 'postgres', '-m', '600', join(dir, f), join(data, f)]);
  }
  const port = await freePort();
  appendFileSync(
    join(data, 'postgresql.conf'),
    [`port = ${port}`, "listen_addresses = 'localhost'", `unix_socket_directories = '${dir}'`, 'ssl = on', 'fsync = off', 'max_connections = 60', ''].join('\n'),
  );
  writeFileSync(join(data, 'pg_hba.conf'), ['local all all trust', ...opts.hba, ''].join('\n'));
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args], true);
  pgCtl('-l', join(dir, 'server.log'), '-w', '-t', '60', 'start');

  return {
    port,
    caFile: join(dir, 'ca.crt'),
    otherCaFile: join(dir, 'other-ca.crt'),
    timescale,
    url({ user = 'postgres', password, host = 'localhost', database = 'postgres', params = {} }) {
      const u = new URL(`postgres://${host}:${port}/${database}`);
      u.username = user;
      if (password) u.password = password;
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      return u.toString();
    },
    async admin<T>(sql: string[], database = 'postgres') {
      const client = new pg.Client({ host: dir, port, user: 'postgres', database });
      await client.connect();
      try {
        let rows: T[] = [];
        for (const statement of sql) rows = (await client.query(statement)).rows as T[];
        return rows;
      } finally {
        await client.end();
      }
    },
    async restart(settings = []) {
      appendFileSync(join(data, 'postgresql.conf'), settings.map((s) => `${s}\n`).join(''));
      pgCtl('-l', join(dir, 'server.log'), '-w', '-t', '60', '-m', 'fast', 'restart');
    },
    logTail(lines) {
      try {
        return readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-lines - 1).join('\n');
      } catch (err) {
        return `(no server log: ${(err as Error).message})`;
      }
    },
    async stop() {
      try {
        pgCtl('-w', '-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
