import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import { QuantileSketch } from './quantile-sketch.js';
import { randomSplit, readProfileGolden } from '../profile/golden-fixture.test-support.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

const ALPHA = 0.01;

function sketchOf(values: readonly number[]): QuantileSketch {
  const s = new QuantileSketch({ relativeAccuracy: ALPHA });
  for (const v of values) s.add(v);
  return s;
}

function assertWithinAlpha(sketch: QuantileSketch, quantiles: Record<string, number>, what: string): void {
  for (const [q, expected] of Object.entries(quantiles)) {
    const actual = sketch.quantile(Number(q));
    assert.ok(
      Math.abs(actual - expected) <= ALPHA * Math.abs(expected) + 1e-12,
      `${what} q${q}: ${actual} vs numpy ${expected}`,
    );
  }
}

test('quantiles are within relative accuracy of numpy (lower order statistic) for negatives, zeros and positives', () => {
  for (const c of readProfileGolden()) {
    const s = sketchOf(c.values);
    assertWithinAlpha(s, c.quantiles, c.name);
    assert.equal(s.quantile(0), c.min);
    assert.equal(s.quantile(1), c.max);
    assert.equal(s.count, c.count);
  }
});

test('merge of random splits gives the same bins as one pass, and survives serialisation with min/max/sum', () => {
  const random = seededRandom(11);
  for (const c of readProfileGolden()) {
    const whole = sketchOf(c.values);
    const parts = randomSplit(c.values, 5, random).map(sketchOf);
    const leftFold = parts.reduce((acc, p) => (acc.merge(p), acc), new QuantileSketch({ relativeAccuracy: ALPHA }));
    const rightFold = [...parts]
      .reverse()
      .reduce((acc, p) => (acc.merge(p), acc), new QuantileSketch({ relativeAccuracy: ALPHA }));
    for (const merged of [leftFold, rightFold]) {
      assert.deepEqual(merged.bins(), whole.bins(), c.name);
      assert.equal(merged.min, c.min);
      assert.equal(merged.max, c.max);
      assert.ok(Math.abs(merged.sum - whole.sum) <= 1e-9 * Math.abs(whole.sum) + 1e-9);
      assertWithinAlpha(merged, c.quantiles, `${c.name} merged`);
    }
    const back = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(leftFold.toJSON())));
    assert.deepEqual(back.bins(), whole.bins());
    assert.equal(back.min, c.min);
    assert.equal(back.max, c.max);
    assert.equal(back.count, c.count);
    assert.equal(back.sum, leftFold.sum);
    assertWithinAlpha(back, c.quantiles, `${c.name} deserialised`);
  }
});

test('keeps the negative side through merge, where the library merge drops it', () => {
  const a = sketchOf([1, 2, 3]);
  const b = sketchOf([-10, -20, 0]);
  a.merge(b);
  assert.equal(a.count, 6);
  assert.equal(a.min, -20);
  assert.ok(Math.abs(a.quantile(0.2) - -10) <= 0.1 + 1e-12, `q0.2 = ${a.quantile(0.2)}`);
  const libA = new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: ALPHA });
  const libB = new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: ALPHA });
  for (const x of [1, 2, 3]) libA.accept(x);
  for (const x of [-10, -20, 0]) libB.accept(x);
  libA.merge(libB);
  assert.equal(libA.negativeStore.count, 0, 'library behaviour changed: the wrapper workaround may be removable');
});

test('merges stores whose key ranges meet at bin key 0 (values near 1)', () => {
  const a = sketchOf([0.3, 0.5, 0.8]);
  const b = sketchOf([0.1, 1.0]);
  a.merge(b);
  assert.equal(a.count, 5);
  assert.equal(
    a.bins().reduce((n, bin) => n + bin.count, 0),
    5,
  );
  assert.ok(Math.abs(a.quantile(1) - 1) < 1e-12);
  assert.ok(Math.abs(a.quantile(0.75) - 0.8) <= 0.008 + 1e-12, `q0.75 = ${a.quantile(0.75)}`);
});

test('approximateSample reproduces the CDF within the bin-straddling error', () => {
  const c = readProfileGolden().find((g) => g.name === 'lognormal')!;
  const s = sketchOf(c.values);
  const sample = s.approximateSample(1000).sort((x, y) => x - y);
  const sorted = [...c.values].sort((x, y) => x - y);
  let ks = 0;
  for (const x of sorted) {
    const fTrue = upperBound(sorted, x) / sorted.length;
    const fSample = upperBound(sample, x) / sample.length;
    ks = Math.max(ks, Math.abs(fTrue - fSample));
  }
  assert.ok(ks < 0.02, `KS(sample, data) = ${ks}`);
  assert.equal(s.cdf(c.min - 1), 0);
  assert.equal(s.cdf(c.max), 1);
  assert.ok(Math.abs(s.cdf(c.quantiles['0.5']) - 0.5) < 0.02);
});

test('empty sketch answers NaN and rejects mismatched accuracies', () => {
  const s = new QuantileSketch();
  assert.ok(Number.isNaN(s.quantile(0.5)));
  assert.ok(Number.isNaN(s.mean()));
  assert.deepEqual(s.approximateSample(3), []);
  assert.deepEqual(QuantileSketch.fromJSON(s.toJSON()).toJSON(), s.toJSON());
  assert.throws(() => s.merge(new QuantileSketch({ relativeAccuracy: 0.02 })), RangeError);
});

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
