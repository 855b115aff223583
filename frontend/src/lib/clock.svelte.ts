// A shared once-a-second clock for countdowns and "updated Ns ago" labels.
export class Clock {
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;

  start(everyMs = 1000): void {
    if (this.#timer !== null) return;
    this.now = Date.now();
    this.#timer = setInterval(() => (this.now = Date.now()), everyMs);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
