import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCoverage } from './coverage-plan.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './health-cell.js';

const at = (d: number, h: number, m: number) => Date.UTC(2026, 0, d, h, m);

test('whole days, then whole hours, then minutes at the ragged edges', () => {
  assert.deepEqual(planCoverage(at(1, 10, 30), at(3, 0, 0)), [
    { level: MINUTE_MS, from: at(1, 10, 30), to: at(1, 11, 0) },
    { level: HOUR_MS, from: at(1, 11, 0), to: at(2, 0, 0) },
    { level: DAY_MS, from: at(2, 0, 0), to: at(3, 0, 0) },
  ]);
  assert.deepEqual(planCoverage(at(1, 10, 5), at(1, 10, 7)), [
    { level: MINUTE_MS, from: at(1, 10, 5), to: at(1, 10, 7) },
  ]);
});

test('segments tile the range exactly and a 30-day window needs few cells', () => {
  const from = at(1, 7, 13) + 25_000;
  const to = from + 30 * DAY_MS;
  const segs = planCoverage(from, to);
  assert.equal(segs[0]!.from, at(1, 7, 13));
  for (let i = 1; i < segs.length; i++) assert.equal(segs[i]!.from, segs[i - 1]!.to);
  assert.equal(segs.at(-1)!.to, Math.ceil(to / MINUTE_MS) * MINUTE_MS);
  const cells = segs.reduce((n, s) => n + (s.to - s.from) / s.level, 0);
  assert.ok(cells < 200, `${cells} cells`);
});
