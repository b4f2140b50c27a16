import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrequentItems } from './frequent-items.js';
import { randomSplit } from './golden-fixture.test-support.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

function summaryOf(values: readonly string[], capacity: number): FrequentItems {
  const f = new FrequentItems(capacity);
  for (const v of values) f.add(v);
  return f;
}

function zipfStream(n: number, distinct: number, random: () => number): string[] {
  const weights = Array.from({ length: distinct }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let r = random() * total;
    let k = 0;
    while (r > weights[k] && k < distinct - 1) r -= weights[k++];
    out.push(`c${k}`);
  }
  return out;
}

test('exact while distinct values fit: counts, other = 0, merge order irrelevant', () => {
  const random = seededRandom(3);
  const values = Array.from({ length: 5000 }, () => `city-${Math.floor(random() * 20)}`);
  const truth = new Map<string, number>();
  for (const v of values) truth.set(v, (truth.get(v) ?? 0) + 1);
  const parts = randomSplit(values, 6, random).map((p) => summaryOf(p, 32));
  const forward = parts.reduce((acc, p) => (acc.merge(p), acc), new FrequentItems(32));
  const backward = [...parts].reverse().reduce((acc, p) => (acc.merge(p), acc), new FrequentItems(32));
  assert.deepEqual(forward.toJSON(), backward.toJSON());
  assert.equal(forward.other(), 0);
  assert.ok(forward.isExact());
  for (const [v, c] of truth) assert.equal(forward.countOf(v), c);
  assert.equal(forward.total, 5000);
});

test('on a skewed stream every count is within the stated bound, through merges and serialisation', () => {
  const random = seededRandom(5);
  const values = zipfStream(20_000, 2_000, random);
  const truth = new Map<string, number>();
  for (const v of values) truth.set(v, (truth.get(v) ?? 0) + 1);
  const single = summaryOf(values, 50);
  const merged = randomSplit(values, 8, random)
    .map((p) => summaryOf(p, 50))
    .reduce((acc, p) => (acc.merge(p), acc), new FrequentItems(50));
  for (const f of [single, FrequentItems.fromJSON(JSON.parse(JSON.stringify(merged.toJSON())))]) {
    const bound = f.errorBound();
    assert.ok(bound > 0 && bound < 20_000 / 51 + 1e-9);
    for (const [v, c] of truth) {
      const kept = f.countOf(v);
      assert.ok(kept <= c && c - kept <= bound + 1e-9, `${v}: kept ${kept}, true ${c}, bound ${bound}`);
    }
    assert.equal(f.top(1)[0].value, 'c0');
    assert.equal(f.other() + f.top().reduce((n, i) => n + i.count, 0), 20_000);
  }
});

test('documented example: capacity 2 over a, a, b, c', () => {
  const f = summaryOf(['a', 'a', 'b', 'c'], 2);
  assert.deepEqual(f.top(), [{ value: 'a', count: 1 }]);
  assert.equal(f.other(), 3);
  assert.equal(f.errorBound(), 1);
  assert.throws(() => f.merge(new FrequentItems(3)), RangeError);
});
