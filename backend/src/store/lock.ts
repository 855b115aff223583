import { createHash } from 'node:crypto';

/** A stable signed 64-bit advisory-lock key for a name (decimal string, bound as int8). */
export function lockKey(name: string): string {
  return createHash('sha256').update(`tickstream:${name}`).digest().readBigInt64BE(0).toString();
}
