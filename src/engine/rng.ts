// Seeded random streams. Every source of randomness in a run (prompts, rollouts, verifier
// noise, evaluation) draws from its own stream derived from the seed, so changing one
// setting does not reshuffle the others: runs that differ in one knob share their dice.

/** mulberry32: small, fast, good enough for sampling; returns floats in [0, 1). */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the seed and a stream name: independent seeds for named streams. */
export function streamSeed(seed: number, stream: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  h = Math.imul(h, 0x01000193) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // One round of mixing so nearby seeds give unrelated streams.
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0; h ^= h >>> 13;
  return h >>> 0;
}

export function rngFor(seed: number, stream: string): Rng {
  return mulberry32(streamSeed(seed, stream));
}

export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Standard normal via Box-Muller. */
export function randNormal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Sample an index from unnormalised non-negative weights; `offset` lets callers pass a slice of a flat array. */
export function sampleCategorical(rng: Rng, probs: ArrayLike<number>, offset: number, size: number): number {
  let total = 0;
  for (let i = 0; i < size; i++) total += probs[offset + i];
  let u = rng() * total;
  for (let i = 0; i < size; i++) {
    u -= probs[offset + i];
    if (u < 0) return i;
  }
  // Floating-point leftovers land on the last non-zero entry.
  for (let i = size - 1; i >= 0; i--) if (probs[offset + i] > 0) return i;
  return size - 1;
}
