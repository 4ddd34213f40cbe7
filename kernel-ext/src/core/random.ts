/** A seeded pseudo-random generator (mulberry32): same seed, same numbers, on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of `items` in place, driven by `random`; returns `items`. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** A shuffled copy of `items`, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  return shuffleInPlace(items.slice(), random);
}

/**
 * A seeded generator with the draws a sampler needs (uniform, integers, normal, forks): the same
 * mulberry32 stream as {@link seededRandom}, started from a scrambled seed so that small seeds
 * (0, 1, 2, …) do not start alike.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [low, high). */
  uniform(low: number, high: number): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A draw from the normal distribution N(mean, sd²). */
  normal(mean?: number, sd?: number): number;
  /** A new generator derived from this one (its own stream). */
  fork(): Rng;
}

/**
 * Creates a seeded {@link Rng}. The same seed always gives the same sequence.
 * @param seed any integer; a missing seed uses a random one (then nothing is reproducible).
 */
export function createRng(seed?: number): Rng {
  const start = (seed === undefined ? Math.floor(Math.random() * 2 ** 32) : seed) >>> 0;
  const next = seededRandom(_hash32(start ^ 0x9e3779b9));
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    int: (n) => Math.min(n - 1, Math.floor(next() * n)),
    normal: (mean = 0, sd = 1) => {
      // Box–Muller; 1 - next() keeps the log argument in (0, 1].
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRng(Math.floor(next() * 4294967296)),
  };
}

function _hash32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
