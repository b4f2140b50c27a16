/** A source of uniform numbers in [0, 1). Analysis code takes one as input so results are reproducible. */
export type Rng = () => number;

/**
 * mulberry32: a small, fast 32-bit seeded generator (period 2^32), good enough for sampling and
 * train/test splits; not cryptographic.
 *
 * @example
 * const rng = createSeededRng(42); rng(); // 0.6011037519201636, every time
 */
export function createSeededRng(seed: number): Rng {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
