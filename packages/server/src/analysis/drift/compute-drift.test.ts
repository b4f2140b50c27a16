import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDrift, computeColumnDrift, sortFloat64, sortInt32, type ColumnData } from './index.js';
import { parseNumberBytes } from './number-bytes.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

function num(name: string, values: number[]): ColumnData {
  return { name, kind: 'numerical', values: Float64Array.from(values) };
}
function cat(
  name: string,
  counts: Record<string, number>,
  kind: 'numerical' | 'categorical' = 'categorical',
): ColumnData {
  return { name, kind, counts: new Map(Object.entries(counts)) };
}
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

test('auto: ks / chisquare up to 1,000 reference rows, wasserstein / jensenshannon above', () => {
  const small = computeDrift(
    [
      num(
        'x',
        range(1000, (i) => i),
      ),
      cat('c', { a: 600, b: 400 }),
    ],
    [
      num(
        'x',
        range(50, (i) => i * 20),
      ),
      cat('c', { a: 30, b: 20 }),
    ],
  );
  assert.deepEqual(
    small.columns.map((c) => c.method),
    ['ks', 'chisquare'],
  );
  const large = computeDrift(
    [
      num(
        'x',
        range(1001, (i) => i),
      ),
      num(
        'few',
        range(1001, (i) => i % 5),
      ),
      cat('c', { a: 600, b: 401 }),
    ],
    [
      num(
        'x',
        range(50, (i) => i * 20),
      ),
      num(
        'few',
        range(50, (i) => i % 5),
      ),
      cat('c', { a: 30, b: 20 }),
    ],
  );
  assert.deepEqual(
    large.columns.map((c) => c.method),
    ['wasserstein', 'jensenshannon', 'jensenshannon'],
  );
  assert.equal(large.columns[0].pValue, null);
});

test('dataset drifts when at least half the columns drift; thresholds per column', () => {
  const ref = [
    num(
      'a',
      range(200, (i) => i),
    ),
    num(
      'b',
      range(200, (i) => i),
    ),
  ];
  const cur = [
    num(
      'a',
      range(200, (i) => i + 100),
    ),
    num(
      'b',
      range(200, (i) => i),
    ),
  ];
  const r = computeDrift(ref, cur);
  assert.deepEqual(
    r.columns.map((c) => c.drifted),
    [true, false],
  );
  assert.equal(r.driftedShare, 0.5);
  assert.equal(r.datasetDrift, true);
  const loose = computeDrift(
    ref.map((c) => ({ ...c, values: Float64Array.from((c as { values: Float64Array }).values) })),
    cur,
    {
      columns: { a: { threshold: 1e-300 } },
    },
  );
  assert.equal(loose.columns[0].threshold, 1e-300);
  assert.equal(loose.datasetDrift, false);
});

test('pre-binned counts: binned tests run on them, ks / wasserstein fall back to chisquare', () => {
  const ref = cat('latency', { '[0,10)': 500, '[10,20)': 400, '[20,30]': 101 }, 'numerical');
  const cur = cat('latency', { '[0,10)': 100, '[10,20)': 400, '[20,30]': 500 }, 'numerical');
  assert.equal(computeColumnDrift(ref, cur, { method: 'psi' }).method, 'psi');
  assert.ok(computeColumnDrift(ref, cur, { method: 'psi' }).statistic > 1);
  assert.equal(computeColumnDrift(ref, cur, { method: 'ks' }).method, 'chisquare');
  assert.equal(computeColumnDrift(ref, cur, { method: 'auto' }).method, 'jensenshannon');
});

test('a column missing on one side or with no values never drifts', () => {
  assert.throws(() => computeDrift([num('a', [1])], [num('b', [1])]), /missing from the current data/);
  const r = computeColumnDrift(num('a', []), num('a', [1, 2]));
  assert.equal(r.drifted, false);
  assert.ok(Number.isNaN(r.statistic));
  assert.throws(
    () => computeColumnDrift(num('a', [1]), cat('a', { x: 1 })),
    /numerical in the reference but categorical/,
  );
});

test('sortFloat64 orders like the native sort (negatives, zeros, subnormals, large arrays)', () => {
  const rnd = seededRandom(42);
  for (const n of [0, 1, 5, 5000, 100000]) {
    const v = Float64Array.from(range(n, (i) => (i % 7 === 0 ? -0 : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6))));
    if (n > 10) v[3] = 5e-324;
    const expected = Float64Array.from(v).sort();
    const got = sortFloat64(v);
    for (let i = 0; i < n; i++) assert.ok(got[i] === expected[i], `index ${i}: ${got[i]} vs ${expected[i]}`);
  }
});

test('sortInt32 orders like the native sort, twice in a row (shared scratch)', () => {
  const rnd = seededRandom(7);
  for (const n of [3, 4096, 70000, 50000]) {
    const v = Int32Array.from(
      range(n, (i) => (i % 5 === 0 ? Math.floor(rnd() * 100) : Math.floor((rnd() - 0.5) * 2 ** 32))),
    );
    v[1] = -(2 ** 31);
    v[2] = 2 ** 31 - 1;
    const expected = Int32Array.from(v).sort();
    assert.deepEqual([...sortInt32(v)], [...expected]);
  }
});

test('parseNumberBytes reads decimals exactly like Number() and rejects non-numbers', () => {
  const parse = (t: string) => {
    const b = Buffer.from(t, 'latin1');
    return parseNumberBytes(b, 0, b.length);
  };
  for (const t of [
    '0',
    '-0',
    '1.5',
    '+2',
    '.5',
    '5.',
    '1e3',
    '-1.25E-7',
    '123456789012345678',
    '0.1',
    '3.141592653589793238',
    '1e-320',
    ' 7 ',
    '0.000001234567890123456',
  ]) {
    assert.equal(Object.is(parse(t), Number(t)), true, t);
  }
  for (const t of ['', 'abc', '1,5', '1e', 'inf', 'Infinity', '0x10', '1e400', '--1', '.', '1.2.3']) {
    assert.ok(Number.isNaN(parse(t)), t);
  }
});
