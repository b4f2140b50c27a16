import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMoment, createMoments, mergeMoments, populationVariance, sampleVariance, type Moments } from './moments.js';
import { randomSplit, readProfileGolden } from './golden-fixture.test-support.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

function close(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function momentsOf(values: readonly number[]): Moments {
  const m = createMoments();
  for (const v of values) addMoment(m, v);
  return m;
}

test('moments agree with numpy on every golden case, in one pass and through random merges', () => {
  const random = seededRandom(7);
  for (const c of readProfileGolden()) {
    const single = momentsOf(c.values);
    const parts = randomSplit(c.values, 7, random).map(momentsOf);
    const merged = parts.reduce(mergeMoments, createMoments());
    for (const m of [single, merged]) {
      assert.equal(m.n, c.count);
      assert.equal(m.min, c.min);
      assert.equal(m.max, c.max);
      close(m.mean, c.mean, 1e-12, `${c.name} mean`);
      // offset-1e9: variance ≈ 1 around a mean of 1e9; Welford/Chan keep ~9 digits, the naive formula none.
      close(populationVariance(m), c.populationVariance, 1e-6, `${c.name} population variance`);
      close(sampleVariance(m), c.sampleVariance, 1e-6, `${c.name} sample variance`);
      if (c.name !== 'offset-1e9')
        close(populationVariance(m), c.populationVariance, 1e-11, `${c.name} population variance (tight)`);
    }
  }
});

test('mergeMoments is bitwise commutative and handles empty sides', () => {
  const a = momentsOf([1, 2, 3.5]);
  const b = momentsOf([10, -4]);
  assert.deepEqual(mergeMoments(a, b), mergeMoments(b, a));
  assert.deepEqual(mergeMoments(a, createMoments()), a);
  assert.deepEqual(mergeMoments(createMoments(), b), b);
  const m = mergeMoments(a, b);
  assert.equal(m.n, 5);
  close(m.mean, 12.5 / 5, 1e-15, 'mean');
  assert.ok(Number.isNaN(sampleVariance(momentsOf([4]))));
  assert.equal(populationVariance(momentsOf([4])), 0);
});
