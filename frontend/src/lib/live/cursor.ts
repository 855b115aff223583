// The client's position in the server's stream: what it resumes from after a reconnect, and the
// guard that drops anything replayed twice.
import type { StreamPosition } from '@tickstream/shared';

export type CursorVerdict = 'deliver' | 'duplicate' | 'new-epoch';

export class StreamCursor {
  #epoch: string | null = null;
  #offset = -1;

  get position(): StreamPosition | null {
    return this.#epoch !== null && this.#offset >= 0 ? { epoch: this.#epoch, offset: this.#offset } : null;
  }

  /** First welcome of this page: start from the server's head. Later welcomes keep our position. */
  welcome(epoch: string, offset: number): void {
    if (this.#epoch === null) {
      this.#epoch = epoch;
      this.#offset = offset;
    }
  }

  /**
   * After an unrecoverable resume: take the server's epoch and accept whatever comes next (the
   * history reload covers the gap). `offset` is not trusted as a lower bound: depending on the
   * server it may name the head or the start of what follows.
   */
  restart(epoch: string): void {
    this.#epoch = epoch;
    this.#offset = -1;
  }

  /** Verdict for a published message; advances the position when it is delivered. */
  accept(epoch: string, offset: number): CursorVerdict {
    if (epoch !== this.#epoch) {
      const hadEpoch = this.#epoch !== null;
      this.#epoch = epoch;
      this.#offset = offset;
      return hadEpoch ? 'new-epoch' : 'deliver';
    }
    if (offset <= this.#offset) return 'duplicate';
    this.#offset = offset;
    return 'deliver';
  }
}
