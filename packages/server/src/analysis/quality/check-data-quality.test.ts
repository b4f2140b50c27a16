import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileBuilder, type ColumnValue, type ModelProfile } from '../profile/index.js';
import { checkDataQuality } from './check-data-quality.js';
import type { QualityFinding } from './quality-types.js';

function profileOf(rows: Record<string, ColumnValue>[], start = 0): ModelProfile {
  const b = new ProfileBuilder('loans', { start, end: start + 3_600_000 });
  for (const r of rows) b.add(r);
  return b.profile;
}

function find(findings: QualityFinding[], check: string, feature: string | null): QualityFinding | undefined {
  return findings.find((f) => f.check === check && f.feature === feature);
}

const cities = ['Lyon', 'Paris', 'Nantes', 'Lille'];
const reference = profileOf(
  Array.from({ length: 1000 }, (_, i) => ({
    income: 1000 + (i % 100) * 10, // 1000 … 1990
    city: cities[i % 4],
    age: i % 10 === 0 ? null : 20 + (i % 50),
    legacy: i % 3,
    country: 'FR',
  })),
);

test('a clean window of the same distribution has no warning', () => {
  const current = profileOf(
    Array.from({ length: 500 }, (_, i) => ({
      income: 1000 + (i % 100) * 10,
      city: cities[i % 4],
      age: i % 10 === 0 ? null : 20 + (i % 50),
      legacy: i % 3,
      country: 'FR',
    })),
  );
  const report = checkDataQuality(current, reference, { duplicateRequestIds: 0 });
  assert.deepEqual(
    report.findings.filter((f) => f.severity !== 'info'),
    [],
  );
  assert.equal(report.features.age.missingRate, 0.1);
  assert.equal(report.features.age.referenceMissingRate, 0.1);
  assert.equal(report.features.income.outOfRangeRate, 0);
  assert.equal(report.features.city.unseenCategoryRate, 0);
  // country is constant in both windows: reported, but only as info.
  assert.equal(find(report.findings, 'constant_column', 'country')?.severity, 'info');
});

test('finds missing, type, range, unseen, schema, constant and duplicate problems with severities', () => {
  const current = profileOf(
    Array.from({ length: 200 }, (_, i) => ({
      income: i < 40 ? 5000 : i === 41 ? Number.NaN : 1500, // 20 % above the reference max of 1990, and one NaN
      city: i < 10 ? 'Berlin' : i < 12 ? 42 : cities[i % 4], // 5 % unseen, 1 % numbers in a string column
      age: i % 2 === 0 ? null : 30, // 50 % missing vs 10 %, and constant
      score: 0.5, // new
    })),
  );
  const r = checkDataQuality(current, reference, { duplicateRequestIds: 4 });
  const f = r.findings;

  const missing = find(f, 'missing_rate', 'age')!;
  assert.equal(missing.severity, 'critical');
  assert.equal(missing.rate, 0.5);
  assert.equal(missing.referenceRate, 0.1);

  const range = find(f, 'out_of_range', 'income')!;
  assert.equal(range.severity, 'critical');
  assert.equal(range.count, 40);
  assert.deepEqual(range.details!.range, { min: 1000, max: 1990 });

  const nonFinite = find(f, 'non_finite', 'income')!;
  assert.equal(nonFinite.count, 1);
  assert.equal(nonFinite.severity, 'warning');

  const unseen = find(f, 'unseen_category', 'city')!;
  assert.equal(unseen.severity, 'warning');
  assert.equal(unseen.count, 10);
  assert.deepEqual(unseen.details, { values: ['Berlin'], certain: true });

  const types = find(f, 'type_mismatch', 'city')!;
  assert.equal(types.count, 2);
  assert.equal(types.rate, 0.01);
  assert.equal(types.severity, 'warning');

  assert.equal(find(f, 'new_feature', 'score')!.severity, 'warning');
  assert.equal(find(f, 'vanished_feature', 'legacy')!.severity, 'critical');
  assert.equal(find(f, 'vanished_feature', 'country')!.severity, 'critical');
  assert.equal(find(f, 'constant_column', 'score')!.severity, 'warning');
  assert.equal(find(f, 'constant_column', 'age')!.severity, 'warning');

  const dup = find(f, 'duplicate_request_ids', null)!;
  assert.equal(dup.rate, 0.02);
  assert.equal(dup.severity, 'critical');
});

test('declared ranges and types override what the reference taught; works without a reference', () => {
  const current = profileOf(
    Array.from({ length: 100 }, (_, i) => ({ age: i < 5 ? -1 : 30 + (i % 40), zip: i < 50 ? '69001' : 69002 })),
  );
  const r = checkDataQuality(current, null, {
    declaredRanges: { age: { min: 0, max: 120 } },
    declaredTypes: { zip: 'string' },
  });
  const range = find(r.findings, 'out_of_range', 'age')!;
  assert.equal(range.count, 5);
  assert.equal(range.severity, 'warning');
  assert.equal(find(r.findings, 'type_mismatch', 'zip')!.rate, 0.5);
  assert.equal(find(r.findings, 'type_mismatch', 'zip')!.severity, 'critical');
  assert.equal(
    r.findings.some((x) => x.check === 'new_feature' || x.check === 'vanished_feature'),
    false,
  );
  assert.equal(r.features.age.outOfRangeRate, 0.05);
});

test('does not flag unseen categories on high-cardinality columns like ids', () => {
  const ref = profileOf(Array.from({ length: 5000 }, (_, i) => ({ userId: `u${i}` })));
  const cur = profileOf(Array.from({ length: 500 }, (_, i) => ({ userId: `u${100_000 + i}` })));
  const r = checkDataQuality(cur, ref);
  assert.equal(r.features.userId.unseenCategoryRate, null);
  assert.equal(find(r.findings, 'unseen_category', 'userId'), undefined);
});
