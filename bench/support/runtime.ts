// How the app's process is tuned when it ships: the Docker image's runtime ENV (NODE_OPTIONS and
// glibc malloc settings), read from the Dockerfile itself so benches run the app as it ships.
// `npm start` sets the same (scripts/with-node.js --tuned and package.json "serve"; backend/test/deploy-files.test.ts keeps them equal).
import { parseDockerfile, parseEnvInstruction, readRepoFile } from '../../backend/test/deploy-support.ts';

/** The image's NODE_OPTIONS and MALLOC_* variables. */
export function runtimeTuning(): Record<string, string> {
  const runtime = parseDockerfile(readRepoFile('Dockerfile')).stages.at(-1);
  const env: Record<string, string> = Object.assign({}, ...(runtime?.instructions ?? []).filter((i) => i.keyword === 'ENV').map((i) => parseEnvInstruction(i.args)));
  return Object.fromEntries(Object.entries(env).filter(([k]) => k === 'NODE_OPTIONS' || k.startsWith('MALLOC_')));
}

/** The node flags of the image's NODE_OPTIONS. */
export function runtimeFlags(): string[] {
  return (runtimeTuning().NODE_OPTIONS ?? '').split(' ').filter(Boolean);
}

/** The image's malloc settings (environment variables glibc reads at start). */
export function mallocEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(runtimeTuning()).filter(([k]) => k.startsWith('MALLOC_')));
}
