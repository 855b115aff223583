// How a connection's incoming frames are metered, so a flood costs the server neither replies nor
// memory: up to `perSecond` frames a second are handled; the first frame over the limit earns one
// RATE_LIMITED reply and later ones that second are ignored without a reply; a client that keeps
// going (twice the limit within a second, or over it `strikes` seconds in a row) is cut off.
import { createMessageRate } from './access.ts';

/** ok: handle it; limited: ignore it and say so once; ignored: drop it silently; close: disconnect (1008). */
export type RateVerdict = 'ok' | 'limited' | 'ignored' | 'close';

const WINDOW_MS = 1000;

export function createRateGuard(perSecond: number, opts: { strikes?: number; now?: () => number } = {}): () => RateVerdict {
  const now = opts.now ?? Date.now;
  const maxStrikes = opts.strikes ?? 3;
  // Both are called for every frame, so their one-second windows start together.
  const within = createMessageRate(perSecond, now);
  const tolerated = createMessageRate(2 * perSecond, now);
  let lastStrikeAt = -Infinity;
  let strikes = 0;
  return () => {
    const ok = within();
    if (!tolerated()) return 'close';
    if (ok) return 'ok';
    const t = now();
    if (t - lastStrikeAt < WINDOW_MS) return 'ignored';
    // A strike in the second right after the previous one continues the streak; a quiet second ends it.
    strikes = t - lastStrikeAt < 2 * WINDOW_MS ? strikes + 1 : 1;
    lastStrikeAt = t;
    return strikes >= maxStrikes ? 'close' : 'limited';
  };
}
