/**
 * The one seeded random source for test and benchmark data, so every run sees the same numbers.
 *
 * mulberry32 (period 2^32, not cryptographic): the generator scripts/golden/generate_drift_golden.py mirrors
 * bit for bit, so golden samples rebuilt here match the ones scipy saw. `normal` is Box-Muller over two draws.
 * Production code that needs reproducible draws has its own (demo/seeded-random.ts, analysis/llm/seeded-rng.ts).
 *
 * @example
 *   const random = seededRandom(7);
 *   random();               // uniform in [0, 1)
 *   random.normal(100, 15); // mean 100, standard deviation 15
 */
export interface SeededRandom {
  (): number;
  /** Uniform in [0, 1); the same as calling the function. */
  uniform(): number;
  /** Normally distributed (Box-Muller), consuming two uniform draws. */
  normal(mean?: number, sd?: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let s = seed | 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random = (() => uniform()) as SeededRandom;
  random.uniform = uniform;
  random.normal = (mean = 0, sd = 1) =>
    mean + sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return random;
}
