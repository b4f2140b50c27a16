import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketIndex, CLASSIC_BOUNDS, LatencySeries, SERIES_PER_HISTOGRAM } from './latency-histogram.js';

test('bucket i holds (2^((i-1)/8), 2^(i/8)]: exact at the bounds themselves', () => {
  for (let i = -80; i <= 56; i++) {
    const bound = 2 ** (i / 8);
    assert.equal(bucketIndex(bound), i, `bound ${bound}`);
    assert.equal(bucketIndex(bound * (1 + 1e-12)), i + 1);
  }
  assert.equal(CLASSIC_BOUNDS.length, 137);
  assert.equal(SERIES_PER_HISTOGRAM, 140);
  assert.ok(CLASSIC_BOUNDS[0]! < 0.001 && CLASSIC_BOUNDS.at(-1)! >= 120);
  for (let k = 1; k < CLASSIC_BOUNDS.length; k++)
    assert.ok(Math.abs(CLASSIC_BOUNDS[k]! / CLASSIC_BOUNDS[k - 1]! - 2 ** (1 / 8)) < 1e-12);
});

test('native spans and deltas decode back to the counts; classic buckets are their cumulative sums', () => {
  const s = new LatencySeries({ model: 'm', endpoint: 'e' });
  const values = [0, 0.0005, 0.001, 0.0011, 0.0011, 0.5, 0.51, 0.52, 3, 3, 3, 200];
  for (const v of values) s.observe(v);
  const n = s.native();
  assert.equal(n.schema, 3);
  assert.equal(n.zeroCount, 1);
  const counts = new Map<number, number>();
  let index = 0;
  let count = 0;
  let d = 0;
  n.positiveSpan.forEach((span, k) => {
    index = k === 0 ? span.offset : index + span.offset + 1;
    for (let j = 0; j < span.length; j++, d++) {
      count += n.positiveDelta[d]!;
      if (count) counts.set(index + j, count);
    }
    index += span.length - 1;
  });
  const expected = new Map<number, number>();
  for (const v of values.filter((x) => x > 0)) expected.set(bucketIndex(v), (expected.get(bucketIndex(v)) ?? 0) + 1);
  assert.deepEqual(
    [...counts].sort((a, b) => a[0] - b[0]),
    [...expected].sort((a, b) => a[0] - b[0]),
  );
  const cumulative = s.classicCumulative();
  CLASSIC_BOUNDS.forEach((le, i) => assert.equal(cumulative[i], values.filter((v) => v <= le).length, `le ${le}`));
  assert.equal(s.count, values.length);
});
