// Golden values worked out with Prometheus' histogram_quantile rules (promql/quantile.go): cumulative counts
// le=0.1:0, 0.2:10, 0.4:20, +Inf:20 → rank 0.95·20 = 19 lies in (0.2, 0.4] holding 10 → 0.2 + 0.2·9/10 = 0.38.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateQuantile } from './histogram-quantile.js';

const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test('interpolates linearly inside the bucket that holds the rank, from the previous bound (even an empty one)', () => {
  const b = [
    { le: 0.1, count: 0 },
    { le: 0.2, count: 10 },
    { le: 0.4, count: 10 },
    { le: Infinity, count: 0 },
  ];
  close(estimateQuantile(b, 0.95), 0.38);
  close(estimateQuantile(b, 0.5), 0.2);
  close(estimateQuantile(b, 0.25), 0.15);
});

test('the first bucket starts at 0; a rank in the overflow bucket answers the highest finite bound', () => {
  close(estimateQuantile([{ le: 2, count: 4 }], 0.5), 1);
  close(
    estimateQuantile(
      [
        { le: 1, count: 1 },
        { le: Infinity, count: 9 },
      ],
      0.95,
    ),
    1,
  );
});

test('buckets of the same bound from several series are added; nothing counted is null; q is checked', () => {
  const merged = estimateQuantile(
    [
      { le: 1, count: 1 },
      { le: 2, count: 1 },
      { le: 1, count: 1 },
      { le: 2, count: 1 },
    ],
    0.75,
  );
  close(merged, 1.5); // 4 values: 2 in (0,1], 2 in (1,2]; rank 3 is halfway through (1,2]
  assert.equal(estimateQuantile([{ le: 1, count: 0 }], 0.5), null);
  assert.throws(() => estimateQuantile([], 1.5), /q: must be within \[0, 1\]/);
});
