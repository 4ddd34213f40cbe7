/**
 * A small seeded random number generator, so that the same seed gives the same study.
 * Math.random cannot be seeded; mulberry32 is tiny, fast and good enough for sampling.
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
 * Creates a seeded generator. The same seed always gives the same sequence.
 * @param seed any integer; a missing seed uses a random one (the study is then not reproducible).
 */
export function createRng(seed?: number): Rng {
  let state = (seed === undefined ? Math.floor(Math.random() * 2 ** 32) : seed) >>> 0;
  // Scramble small seeds (0, 1, 2, …) so their streams do not start alike.
  state = _hash32(state ^ 0x9e3779b9);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
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
  return rng;
}

function _hash32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
