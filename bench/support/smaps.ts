// Where a process's resident memory is, from /proc/PID/smaps (Linux): the V8 heap statistics the app
// exports count a WebAssembly memory as external at its full size, though only the pages PGlite has
// touched are resident, so they cannot say where the RSS goes.
import { readFile } from 'node:fs/promises';

export interface Resident {
  /** the node executable's own pages: code, and ICU data once Intl is used (file-backed, shared) */
  binary: number;
  /** glibc's main malloc heap (brk): native allocations, e.g. WebAssembly compilation */
  mallocHeap: number;
  /** anonymous mappings of 128 MB or more: PGlite's WebAssembly memory (reserved in full, resident as used) */
  wasmMemory: number;
  /** every other anonymous mapping: V8's heap and code, thread malloc arenas, large buffers */
  otherAnonymous: number;
  /** other files: shared libraries */
  otherFiles: number;
}

const WASM_MEMORY_MIN_KB = 128 * 1024;

/** Resident MB per kind of mapping. */
export async function residentBreakdown(pid: number): Promise<Resident> {
  const lines = (await readFile(`/proc/${pid}/smaps`, 'utf8')).split('\n');
  const exe = await readFile(`/proc/${pid}/cmdline`, 'utf8').then((c) => c.split('\0')[0] ?? '');
  const out: Resident = { binary: 0, mallocHeap: 0, wasmMemory: 0, otherAnonymous: 0, otherFiles: 0 };
  let path = '';
  let sizeKb = 0;
  for (const line of lines) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      path = head[1] ?? '';
      continue;
    }
    if (line.startsWith('Size:')) sizeKb = Number(line.split(/\s+/)[1]);
    if (!line.startsWith('Rss:')) continue;
    const mb = Number(line.split(/\s+/)[1]) / 1024;
    if (path === '[heap]') out.mallocHeap += mb;
    else if (path !== '' && path === exe) out.binary += mb;
    else if (path === '' || path.startsWith('[')) out[sizeKb >= WASM_MEMORY_MIN_KB && !path ? 'wasmMemory' : 'otherAnonymous'] += mb;
    else out.otherFiles += mb;
  }
  return out;
}
