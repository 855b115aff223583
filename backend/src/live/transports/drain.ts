import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Resolves once `stream` has room again, or once `closer` emits 'close'. 'drain' only comes after a
 * write found the buffer past its high-water mark, so a stream that does not need draining resolves at once.
 */
export function whenDrained(stream: Writable, closer: EventEmitter, open: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!stream.writableNeedDrain || !open) return resolve();
    const done = () => {
      stream.off('drain', done);
      closer.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    closer.on('close', done);
  });
}
