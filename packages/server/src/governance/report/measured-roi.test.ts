import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeMeasuredRoi } from './measured-roi.js';
import type { IncidentRecord } from '../../incidents/escalation/incident-metrics.js';

const DAY = 86_400_000;
const MIN = 60_000;
const from = Date.UTC(2026, 10, 5);
const to = from + 30 * DAY;
const inputs = {
  costPerIncidentUsd: 35,
  costPerHourUsd: 100,
  vigilRunningCostPerYearUsd: 22_000,
  implementationUsd: 15_000,
  trainingUsd: 5_000,
  baselineMttrMinutes: 20,
};
const incident = (i: number, resolvedInMin: number | null): IncidentRecord => ({
  id: `i${i}`,
  area: 'API Performance',
  team: 'DevOps',
  severity: 'critical',
  openedAt: from + i * DAY,
  resolvedAt: resolvedInMin === null ? null : from + i * DAY + resolvedInMin * MIN,
});

test('with a stated baseline and nothing resolved yet, the note names the missing MTTR, not the baseline', () => {
  const r = computeMeasuredRoi({ history: [incident(1, null)], fromMs: from, toMs: to, inputs });
  assert.equal(r.facts.mttrMinutes, null);
  assert.equal(r.roi?.roiPercent, -100, 'no benefit is counted without a resolved incident');
  assert.ok(r.notes.some((n) => n.includes('no incident opened in this period was resolved yet')));
  assert.ok(!r.notes.some((n) => n.includes('state the MTTR before Vigil')), r.notes.join('\n'));
});

test('without a stated baseline or baseline incidents, the note asks for the MTTR before Vigil', () => {
  const { baselineMttrMinutes: _omitted, ...rest } = inputs;
  const r = computeMeasuredRoi({ history: [incident(1, 10)], fromMs: from, toMs: to, inputs: rest });
  assert.equal(r.facts.baselineMttrMinutes, null);
  assert.ok(r.notes.some((n) => n.includes('state the MTTR before Vigil as measured.baselineMttrMinutes')));
});

test('resolved incidents against a stated baseline: both benefits, by the deck’s formulas', () => {
  // Three critical incidents resolved in 5, 7 and 9 minutes: MTTR 7 min, 13 min saved each against 20.
  const history = [incident(1, 5), incident(2, 7), incident(3, 9)];
  const r = computeMeasuredRoi({ history, fromMs: from, toMs: to, inputs });
  assert.equal(r.facts.mttrMinutes, 7);
  const perYear = (3 * 365) / 30;
  const prevention = perYear * 35;
  const faster = perYear * (13 / 60) * 100;
  const benefit = r.roi!.annualBenefit;
  assert.ok(Math.abs(benefit - (prevention + faster)) < 0.5, `${benefit} vs ${prevention + faster}`);
  assert.ok(Math.abs(r.roi!.roiPercent! - ((benefit - 42_000) / 42_000) * 100) < 0.01);
});
