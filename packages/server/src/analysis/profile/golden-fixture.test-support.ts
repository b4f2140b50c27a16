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

/** Splits `values` into `parts` random contiguous-free groups (each value to a random part). */
export function randomSplit<T>(values: readonly T[], parts: number, random: () => number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  for (const v of values) out[Math.floor(random() * parts)].push(v);
  return out;
}
