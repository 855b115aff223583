// Every variable the app reads (ENV_VARS, from config.ts) is documented in .env.example, in the
// README's configuration table and passed by docker-compose.yml, and nothing else is.
import { describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig } from '../src/config.ts';
import {
  fixedEnvironment,
  markdownTable,
  parseDockerfile,
  parseDotenv,
  parseEnvInstruction,
  readCompose,
  readRepoFile,
  serviceEnvironment,
} from './deploy-support.ts';

const sorted = (names: Iterable<string>) => [...names].sort();
const example = parseDotenv(readRepoFile('.env.example'));
const readmeRows = markdownTable(readRepoFile('README.md'), 'Configuration');
const readmeNames = readmeRows.map((cells) => (cells[0] ?? '').replace(/`/g, ''));

describe('.env.example', () => {
  it('lists every variable the app reads and no other', () => {
    expect(sorted(example.keys())).toEqual(sorted(ENV_VARS));
  });

  it('holds the app defaults, so copying it to .env changes nothing', () => {
    expect(loadConfig(Object.fromEntries(example))).toEqual(loadConfig({}));
  });

  it('comments every variable on the line above it', () => {
    const lines = readRepoFile('.env.example').split('\n');
    const uncommented = ENV_VARS.filter((name) => {
      const i = lines.findIndex((l) => l.startsWith(`${name}=`));
      return !(lines[i - 1] ?? '').startsWith('# ');
    });
    expect(uncommented).toEqual([]);
  });
});

describe('README configuration table', () => {
  it('lists every variable the app reads, once, and no other', () => {
    expect(sorted(readmeNames)).toEqual(sorted(ENV_VARS));
  });

  it('gives each variable the default that .env.example holds and a meaning', () => {
    const disagreements = readmeRows.flatMap(([name = '', shownDefault = '', meaning = '']) => {
      const value = example.get(name.replace(/`/g, ''));
      const ok =
        meaning.length > 10 &&
        (value === '' ? /^unset/i.test(shownDefault) : shownDefault.includes(`\`${value}\``));
      return ok ? [] : [`${name}: README says ${JSON.stringify(shownDefault)}, .env.example says ${JSON.stringify(value)}`];
    });
    expect(disagreements).toEqual([]);
  });
});

describe('docker-compose.yml app environment', () => {
  const compose = readCompose();
  const appServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

  it('builds the app from the Dockerfile in two services (app, and app-2 for the scale profile)', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(['app', 'app-2']);
  });

  it.each(['app', 'app-2'])('%s passes every variable the app reads and no other', (name) => {
    const env = serviceEnvironment(compose.services[name]!);
    expect(sorted(Object.keys(env))).toEqual(sorted(ENV_VARS));
  });

  it.each(['app', 'app-2'])('%s gets a valid configuration with the database and Redis of the compose network', (name) => {
    const runtime = parseDockerfile(readRepoFile('Dockerfile')).stages.at(-1)!;
    const imageEnv = Object.assign({}, ...runtime.instructions.filter((i) => i.keyword === 'ENV').map((i) => parseEnvInstruction(i.args)));
    const config = loadConfig({ ...imageEnv, ...fixedEnvironment(compose.services[name]!) });
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.port).toBe(3000);
    expect(new URL(config.db.url!).hostname).toBe('db');
    expect(new URL(config.redis.url!).hostname).toBe('redis');
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['db', 'redis']));
  });
});
