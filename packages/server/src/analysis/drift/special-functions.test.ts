import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agrees, deviation, loadDriftGolden, toNumber } from '../../../test/fixtures/golden/drift-golden-samples.js';
import { chiSquareSf } from './chi-square-distribution.js';
import { kolmogorovSf } from './kolmogorov-distribution.js';
import { smirnovSf } from './smirnov-distribution.js';

const golden = loadDriftGolden();

function checkAll<T>(
  label: string,
  cases: T[],
  actualOf: (c: T) => number,
  expectedOf: (c: T) => number,
  describe: (c: T) => string,
): void {
  let worst = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const actual = actualOf(c);
    const expected = expectedOf(c);
    worst = Math.max(worst, deviation(actual, expected));
    if (!agrees(actual, expected)) failures.push(`${describe(c)}: got ${actual}, scipy ${expected}`);
  }
  assert.deepEqual(failures, [], `${label}: ${failures.length}/${cases.length} disagree`);
  process.stdout.write(`# ${label}: ${cases.length} cases, max deviation ${worst.toExponential(2)}\n`);
}

test('kolmogorovSf agrees with scipy.stats.kstwo.sf', () => {
  checkAll(
    'kstwo.sf',
    golden.kstwo,
    (c) => kolmogorovSf(c.n, c.x),
    (c) => toNumber(c.sf),
    (c) => `n=${c.n} x=${c.x}`,
  );
});

test('smirnovSf agrees with scipy.special.smirnov', () => {
  checkAll(
    'smirnov',
    golden.smirnov,
    (c) => smirnovSf(c.n, c.x),
    (c) => toNumber(c.sf),
    (c) => `n=${c.n} x=${c.x}`,
  );
});

test('chiSquareSf agrees with scipy.stats.chi2.sf', () => {
  checkAll(
    'chi2.sf',
    golden.chi2,
    (c) => chiSquareSf(c.x, c.df),
    (c) => toNumber(c.sf),
    (c) => `df=${c.df} x=${c.x}`,
  );
});
