import { randomBytes } from 'node:crypto';

/** A stream epoch id: its start time (readable in logs) plus randomness, so two starts never collide. */
export function newEpochId(startMs: number): string {
  return `${startMs}-${randomBytes(4).toString('hex')}`;
}

/**
 * First offset of an epoch, minus one. Offsets start at the epoch's start time x 1000, so they keep
 * growing across epochs (1000 messages per ms would be needed to overtake the next epoch's base):
 * a position from an older epoch is always below the current epoch's base, which makes a bare
 * offset (SSE Last-Event-ID) unambiguous.
 */
export function epochBaseOffset(startMs: number): number {
  return Math.floor(startMs) * 1000;
}
