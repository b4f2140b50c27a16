import { readFileSync } from 'node:fs';

/** One numpy-computed case of test/fixtures/golden/profile-golden.json. */
export interface ProfileGoldenCase {
  name: string;
  values: number[];
  count: number;
  mean: number;
  populationVariance: number;
  sampleVariance: number;
  min: number;
  max: number;
  quantiles: Record<string, number>;
  distinct: number;
}

export function readProfileGolden(): ProfileGoldenCase[] {
  const url = new URL('../../../test/fixtures/golden/profile-golden.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: ProfileGoldenCase[] }).cases;
}

/** mulberry32: a tiny seeded PRNG so property tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `values` into `parts` random contiguous-free groups (each value to a random part). */
export function randomSplit<T>(values: readonly T[], parts: number, random: () => number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  for (const v of values) out[Math.floor(random() * parts)].push(v);
  return out;
}
