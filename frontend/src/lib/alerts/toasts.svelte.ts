// The toasts shown over every page: a short, bounded list that empties itself. The layout renders
// them inside one aria-live region, so a screen reader reads each one as it arrives.
export type ToastTone = 'alert' | 'info' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body: string;
  /** where "View" goes (the alerts page), if anywhere */
  href?: string;
}

export interface ToastsOptions {
  /** how long a toast stays unless dismissed */
  ttlMs?: number;
  /** the oldest go first beyond this many */
  max?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Toasts {
  items = $state.raw<readonly Toast[]>([]);
  #nextId = 1;
  #timers = new Map<number, unknown>();
  #ttl: number;
  #max: number;
  #setTimer: (fn: () => void, ms: number) => unknown;
  #clearTimer: (handle: unknown) => void;

  constructor(opts: ToastsOptions = {}) {
    this.#ttl = opts.ttlMs ?? 12_000;
    this.#max = opts.max ?? 4;
    this.#setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  push(toast: Omit<Toast, 'id'>): number {
    const id = this.#nextId++;
    const kept = [...this.items, { ...toast, id }];
    for (const old of kept.splice(0, Math.max(0, kept.length - this.#max))) this.#forget(old.id);
    this.items = kept;
    this.#timers.set(id, this.#setTimer(() => this.dismiss(id), this.#ttl));
    return id;
  }

  dismiss(id: number): void {
    this.#forget(id);
    if (this.items.some((t) => t.id === id)) this.items = this.items.filter((t) => t.id !== id);
  }

  /** Keeps a toast on screen while the pointer or focus is on it (WCAG 2.2.1: enough time to read). */
  hold(id: number): void {
    this.#forget(id);
  }

  release(id: number): void {
    if (!this.items.some((t) => t.id === id) || this.#timers.has(id)) return;
    this.#timers.set(id, this.#setTimer(() => this.dismiss(id), this.#ttl / 2));
  }

  destroy(): void {
    for (const id of [...this.#timers.keys()]) this.#forget(id);
    this.items = [];
  }

  #forget(id: number): void {
    const handle = this.#timers.get(id);
    if (handle === undefined) return;
    this.#clearTimer(handle);
    this.#timers.delete(id);
  }
}
