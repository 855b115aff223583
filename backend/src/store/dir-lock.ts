// PGlite is single-process: two processes on one data directory corrupt it. A pid file held for
// the store's lifetime turns that mistake into a clear start-up error instead.
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './errors.ts';

const LOCK_FILE = 'tickstream.lock';

export interface DirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock, replacing a stale one left by a process that died. */
export async function lockDataDir(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return { release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw new StoreError(
          'STORE_UNAVAILABLE',
          `DATA_DIR ${dir} is in use by another Tickstream process (pid ${holder}); stop it or choose another DATA_DIR`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new StoreError('STORE_UNAVAILABLE', `could not lock DATA_DIR ${dir}`);
}
