// How the app's process is tuned when it ships: the Docker image's runtime ENV (NODE_OPTIONS and
// glibc malloc settings), read from the Dockerfile itself so benches run the app as it ships.
// `npm start` sets the same (scripts/with-node.js --tuned and package.json "serve"; backend/test/deploy-files.test.ts keeps them equal).
import { parseDockerfile, parseEnvInstruction, parseExecForm, readRepoFile } from '../../backend/test/deploy-support.ts';

const runtimeStage = () => parseDockerfile(readRepoFile('Dockerfile')).stages.at(-1);

/** The image's NODE_OPTIONS and MALLOC_* variables. */
export function runtimeTuning(): Record<string, string> {
  const runtime = runtimeStage();
  const env: Record<string, string> = Object.assign({}, ...(runtime?.instructions ?? []).filter((i) => i.keyword === 'ENV').map((i) => parseEnvInstruction(i.args)));
  return Object.fromEntries(Object.entries(env).filter(([k]) => k === 'NODE_OPTIONS' || k.startsWith('MALLOC_')));
}

/** The image's node flags: its NODE_OPTIONS, then those of its CMD (flags NODE_OPTIONS refuses). */
export function runtimeFlags(): string[] {
  const cmd = runtimeStage()?.instructions.filter((i) => i.keyword === 'CMD').at(-1);
  const cmdFlags = cmd ? parseExecForm(cmd.args).filter((a) => a.startsWith('--')) : [];
  return [...(runtimeTuning().NODE_OPTIONS ?? '').split(' ').filter(Boolean), ...cmdFlags];
}

/** The image's malloc settings (environment variables glibc reads at start). */
export function mallocEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(runtimeTuning()).filter(([k]) => k.startsWith('MALLOC_')));
}
