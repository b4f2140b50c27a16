import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  agrees,
  buildColumn,
  buildSample,
  deviation,
  loadDriftGolden,
  toNumber,
} from '../../../test/fixtures/golden/drift-golden-samples.js';
import { computeColumnDrift } from './compute-drift.js';
import { sortFloat64 } from './float64-radix-sort.js';
import { ksTest } from './ks-test.js';
import type { DriftMethod } from './drift-types.js';

const golden = loadDriftGolden();

test('ksTest agrees with scipy.stats.ks_2samp (exact and asymptotic, ties, n=1, 10,000/10,001 boundary)', () => {
  let worstStat = 0;
  let worstP = 0;
  const failures: string[] = [];
  for (const c of golden.ks2samp) {
    const a = sortFloat64(Float64Array.from(buildSample(c.reference) as number[]));
    const b = sortFloat64(Float64Array.from(buildSample(c.current) as number[]));
    const r = ksTest(a, b);
    const label = `${c.reference.shape} n1=${c.reference.n} n2=${c.current.n} loc=${c.current.loc}`;
    worstStat = Math.max(worstStat, deviation(r.statistic, toNumber(c.statistic)));
    worstP = Math.max(worstP, deviation(r.pValue ?? NaN, toNumber(c.pValue)));
    if (!agrees(r.statistic, toNumber(c.statistic))) failures.push(`${label}: D ${r.statistic} vs ${c.statistic}`);
    if (!agrees(r.pValue ?? NaN, toNumber(c.pValue))) failures.push(`${label}: p ${r.pValue} vs ${c.pValue}`);
  }
  assert.deepEqual(failures, []);
  process.stdout.write(
    `# ks_2samp: ${golden.ks2samp.length} cases, max deviation D ${worstStat.toExponential(2)}, p ${worstP.toExponential(2)}\n`,
  );
});

test('every method on numerical and categorical columns agrees with scipy/numpy', () => {
  let worst = 0;
  const failures: string[] = [];
  for (const c of golden.columns) {
    const ref = buildColumn('x', c.reference);
    const cur = buildColumn('x', c.current);
    const r = computeColumnDrift(ref, cur, { method: c.method as DriftMethod });
    const label = `${c.kind} ${c.method} n1=${c.reference.n} n2=${c.current.n} seed=${c.reference.seed}`;
    assert.equal(r.method, c.method, label);
    worst = Math.max(worst, deviation(r.statistic, toNumber(c.statistic)));
    if (!agrees(r.statistic, toNumber(c.statistic)))
      failures.push(`${label}: statistic ${r.statistic} vs ${c.statistic}`);
    if (c.pValue === null) {
      if (r.pValue !== null) failures.push(`${label}: expected no p-value`);
    } else {
      worst = Math.max(worst, deviation(r.pValue ?? NaN, toNumber(c.pValue)));
      if (!agrees(r.pValue ?? NaN, toNumber(c.pValue))) failures.push(`${label}: p ${r.pValue} vs ${c.pValue}`);
    }
  }
  assert.deepEqual(failures, []);
  process.stdout.write(`# column methods: ${golden.columns.length} cases, max deviation ${worst.toExponential(2)}\n`);
});
