// Bounding how long we wait for a promise, in the two ways the backend needs. Both leave the
// promise itself running (JavaScript cannot cancel it) and clear their timer either way.

function raceTimer<T, U>(promise: Promise<T>, ms: number, onTimeout: (resolve: (v: U) => void, reject: (e: Error) => void) => void): Promise<T | U> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<U>((resolve, reject) => {
    timer = setTimeout(() => onTimeout(resolve, reject), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for `promise` at most `ms`, then gives up quietly: resolves undefined (shutdown paths). */
export function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return raceTimer<T, undefined>(promise, ms, (resolve) => resolve(undefined));
}

/** Waits for `promise` at most `ms`, then rejects with Error(message) (probes that must fail loudly). */
export function rejectAfter<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return raceTimer<T, never>(promise, ms, (_, reject) => reject(new Error(message)));
}
