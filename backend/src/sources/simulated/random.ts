// Counter-based randomness for the simulated market: every number is a pure function of
// (seed, symbol, position), so any moment of the path can be computed directly, in any order,
// after any restart. No Math.random anywhere.

/** murmur3's 32-bit finalizer: a cheap full-avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a list of non-negative integers (each up to 2^53). */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    const lo = v >>> 0;
    const hi = Math.floor(v / 0x1_0000_0000) >>> 0;
    h = fmix32((h ^ lo) + 0x9e3779b9);
    h = fmix32((h ^ hi) + 0x7f4a7c15);
  }
  return h;
}

/** FNV-1a of a string, for turning a symbol into a hash input. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform in the open interval (0, 1). */
export function uniform(h: number): number {
  return ((h >>> 0) + 0.5) / 0x1_0000_0000;
}

/** Standard normal draw addressed by integers (Box-Muller over two derived uniforms). */
export function normalAt(...key: number[]): number {
  const h1 = hashInts(...key);
  const h2 = fmix32(h1 ^ 0x68e31da4);
  return Math.sqrt(-2 * Math.log(uniform(h1))) * Math.cos(2 * Math.PI * uniform(h2));
}

/** A small sequential seeded PRNG (mulberry32) for one-off choices such as an unknown symbol's price. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
