// The deployment files hold what docker compose needs, checked without a Docker engine: Compose's
// own validator (Debian's docker-compose) plus the properties a broken edit would lose.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  dockerIgnore,
  parseCopy,
  parseDockerfile,
  parseEnvInstruction,
  parseExecForm,
  readCompose,
  readRepoFile,
  serviceEnvironment,
} from './deploy-support.ts';

const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasCompose && process.env.CI === 'true') {
  throw new Error('docker-compose is not installed: CI validates docker-compose.yml with it (see .ci/run)');
}

describe.skipIf(!hasCompose)('docker-compose config', () => {
  it.each([[[]], [['--profile', 'scale']]])('validates the compose file with profile flags %j', (flags: string[]) => {
    // No .env in CI: the file must work without one. --no-interpolate is not used, so ${PORT:-3000} is checked too.
    const out = execFileSync('docker-compose', [...flags, 'config', '-q'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
    expect(out).toBe('');
  });
});

describe('Dockerfile', () => {
  const { stages } = parseDockerfile(readRepoFile('Dockerfile'));
  const build = stages[0]!;
  const runtime = stages.at(-1)!;
  const runtimeOf = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('builds in one stage and runs from a Node 24 slim image in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:24[-.\w]*slim$/);
  });

  it('installs from the lockfile and builds the frontend in the build stage', () => {
    const runs = build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
  });

  it('installs production dependencies only in the image it ships', () => {
    const runs = runtimeOf('RUN');
    expect(runs.some((r) => /\bnpm ci\b[^&]*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm (install|ci)\b(?![^&]*--omit=dev)/.test(r))).toBe(false);
    const fromBuild = runtimeOf('COPY').map(parseCopy).filter((c) => c.from !== undefined);
    expect(fromBuild.map((c) => c.src)).toEqual(['/app/frontend/build']);
  });

  it('runs as a non-root user with node itself as PID 1 on port 3000 of all interfaces', () => {
    expect(runtimeOf('USER').at(-1)).toMatch(/^(node|\d*[1-9]\d*)$/);
    expect(parseExecForm(runtimeOf('CMD').at(-1)!)).toEqual(['node', '--expose-gc', 'backend/src/main.ts']);
    expect(runtimeOf('ENTRYPOINT')).toEqual([]);
    expect(runtimeOf('ENV').join(' ')).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(runtimeOf('EXPOSE')).toEqual(['3000']);
  });

  it('checks health on /api/health with node (no curl in a slim image)', () => {
    const healthcheck = runtimeOf('HEALTHCHECK').at(-1)!;
    const command = parseExecForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 4));
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toContain('/api/health');
  });

  it('tunes the app process as `npm start` does: the same node flags and malloc settings', () => {
    const image: Record<string, string> = Object.assign({}, ...runtimeOf('ENV').map(parseEnvInstruction));
    const malloc = Object.fromEntries(Object.entries(image).filter(([k]) => k.startsWith('MALLOC_')));
    expect(Object.keys(malloc).sort()).toEqual(['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_']);
    const scripts = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    const cmdFlags = parseExecForm(runtimeOf('CMD').at(-1)!).slice(1, -1);
    expect(scripts.serve).toContain(`node ${[image.NODE_OPTIONS, ...cmdFlags].join(' ')} backend/src/main.ts`);
    expect(scripts.start).toBe('node scripts/with-node.js --tuned npm run serve');
    // What `--tuned` hands to the command it runs.
    const seen = execFileSync(process.execPath, ['scripts/with-node.js', '--tuned', process.execPath, '-e', 'console.log(JSON.stringify(process.env))'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MALLOC_'))),
    });
    expect(JSON.parse(seen)).toMatchObject(malloc);
  });

  it('keeps local state out of the build context', () => {
    const ignored = dockerIgnore(readRepoFile('.dockerignore'));
    for (const path of ['node_modules', 'frontend/node_modules', 'data', 'frontend/build', 'frontend/.svelte-kit', 'test-artifacts', '.git', '.env']) {
      expect(ignored(path), path).toBe(true);
    }
    for (const path of ['backend/src/main.ts', 'migrations', 'package-lock.json', 'shared/src/index.ts']) {
      expect(ignored(path), path).toBe(false);
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = readCompose();
  const { db, app, redis, proxy } = compose.services;
  const appTwo = compose.services['app-2'];

  it('runs TimescaleDB on PostgreSQL 17 with a named volume and a pg_isready healthcheck', () => {
    expect(db?.image).toMatch(/^timescale\/timescaledb:[\w.-]*pg17$/);
    const volume = (db?.volumes ?? []).map((v) => v.split(':')[0]!);
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(volume));
    expect(JSON.stringify(db?.healthcheck?.test)).toContain('pg_isready');
  });

  it('starts the app once the database is healthy and publishes port 3000', () => {
    expect(app?.depends_on).toMatchObject({ db: { condition: 'service_healthy' } });
    expect(app?.ports).toEqual(['${PORT:-3000}:3000']);
    expect(app?.profiles).toBeUndefined();
  });

  it('adds a second instance and a reverse proxy in the scale profile, sharing the database and Redis', () => {
    expect(appTwo?.profiles).toEqual(['scale']);
    expect(proxy?.profiles).toEqual(['scale']);
    expect(serviceEnvironment(appTwo!).DATABASE_URL).toBe(serviceEnvironment(app!).DATABASE_URL);
    expect(serviceEnvironment(appTwo!).REDIS_URL).toBe(serviceEnvironment(app!).REDIS_URL);
    expect(JSON.stringify(redis?.healthcheck?.test)).toContain('ping');
    expect(proxy?.depends_on).toMatchObject({ app: { condition: 'service_healthy' }, 'app-2': { condition: 'service_healthy' } });
    expect(proxy?.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
  });

  it('proxies both instances with WebSocket upgrades, long read timeouts and unbuffered SSE', () => {
    const nginx = readRepoFile('deploy/nginx.conf');
    expect(nginx).toMatch(/server app:3000\b/);
    expect(nginx).toMatch(/server app-2:3000\b/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    for (const location of ['/ws', '/api/stream']) {
      const block = new RegExp(`location = ${location} \\{([^}]*)\\}`).exec(nginx)?.[1] ?? '';
      expect(block, location).toMatch(/proxy_read_timeout 1h;/);
      expect(block, location).toMatch(/proxy_buffering off;/);
    }
  });
});
