import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileBuilder } from '../profile/index.js';
import { computeProfileDrift } from './profile-drift.js';
import { reconstructSample } from './profile-columns.js';
import { profileCsv, ReferenceDatasetError } from './reference-dataset.js';

const build = (values: Array<Record<string, number | string>>) => {
  const b = new ProfileBuilder('m', { start: 0, end: 1 });
  for (const v of values) b.add(v);
  return b.profile;
};

test('a discrete column is not drifted when only the other side reaches a larger value', () => {
  // Reference max 5 clamps its top bin to 5; the current sketch has 5 in an inner bin (its max is 7).
  const ref = build(Array.from({ length: 600 }, (_, i) => ({ k: (i % 5) + 1 })));
  const cur = build([...Array.from({ length: 600 }, (_, i) => ({ k: (i % 5) + 1 })), { k: 7 }]);
  const refSample = reconstructSample(ref.features.get('k')!.sketch!);
  const curSample = reconstructSample(cur.features.get('k')!.sketch!);
  assert.deepEqual(new Set(refSample), new Set([...curSample].filter((x) => x < 6)));
  const report = computeProfileDrift(ref, cur);
  const k = report.columns[0]!;
  assert.equal(k.method, 'ks');
  assert.ok(k.statistic! < 0.01, `KS ${k.statistic}`);
  assert.equal(k.drifted, false);
  assert.deepEqual(k.reference!.labels.length, 6);
});

test('reconstructSample is the binned multiset up to the cap, each value within 1 % of the data', () => {
  const values = Array.from({ length: 2000 }, (_, i) => 10 + i * 0.37);
  const p = build(values.map((v) => ({ x: v })));
  const s = reconstructSample(p.features.get('x')!.sketch!);
  assert.equal(s.length, 2000);
  const sorted = Float64Array.from(s).sort();
  values.forEach((v, i) => assert.ok(Math.abs(sorted[i]! - v) <= 0.0101 * v, `${sorted[i]} vs ${v}`));
  assert.equal(reconstructSample(p.features.get('x')!.sketch!, 100).length, 100);
});

test('CSV references: typing, quoting, outputs, and errors naming the line', () => {
  const p = profileCsv('m', '\uFEFFa,b,prediction,llm.outputTokens\r\n1,"x, ""y""",yes,3\r\nNA,true,no,\r\n');
  assert.equal(p.rows, 2);
  assert.equal(p.features.get('a')!.types.number, 1);
  assert.equal(p.rows - p.features.get('a')!.present, 1);
  assert.equal(p.features.get('b')!.types.boolean, 1);
  assert.equal(p.features.get('b')!.frequencies!.countOf('x, "y"'), 1);
  assert.ok(p.outputs.has('prediction') && p.outputs.has('llm.outputTokens'));
  assert.throws(
    () => profileCsv('m', 'a,b\n1,2\n"3\n'),
    (e: Error) =>
      e instanceof ReferenceDatasetError && /line 3, column 1: a quoted field is never closed/.test(e.message),
  );
  assert.throws(() => profileCsv('m', 'a,b\n1,"2"x\n'), /line 2, column 2: unexpected character after a closing quote/);
});
