// Which symbols the page follows (reference-counted, several components may follow one symbol)
// versus what the current socket has told the server, and the difference to send.
import { SYMBOL_PATTERN } from '@tickstream/shared';

export class Subscriptions {
  #follows = new Map<string, number>();
  #sent = new Set<string>();

  /** Adds interest; returns the release (idempotent). Invalid symbols are ignored. */
  follow(symbols: readonly string[]): () => void {
    const valid = [...new Set(symbols.map((s) => s.trim().toUpperCase()))].filter((s) => SYMBOL_PATTERN.test(s));
    for (const s of valid) this.#follows.set(s, (this.#follows.get(s) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const s of valid) {
        const n = (this.#follows.get(s) ?? 1) - 1;
        if (n <= 0) this.#follows.delete(s);
        else this.#follows.set(s, n);
      }
    };
  }

  /** What to subscribe and unsubscribe to make the server's view match. */
  pending(): { add: string[]; remove: string[] } {
    return {
      add: [...this.#follows.keys()].filter((s) => !this.#sent.has(s)),
      remove: [...this.#sent].filter((s) => !this.#follows.has(s)),
    };
  }

  markSubscribed(symbols: readonly string[]): void {
    for (const s of symbols) this.#sent.add(s);
  }

  markUnsubscribed(symbols: readonly string[]): void {
    for (const s of symbols) this.#sent.delete(s);
  }

  /** A new socket knows nothing. */
  resetSent(): void {
    this.#sent.clear();
  }
}
