import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activeOccurrence,
  findMaintenanceWindow,
  findSilence,
  matchesLabel,
  parseMatchers,
  type MaintenanceWindow,
} from './index.js';

test('matchers: =, !=, =~, !~ with Alertmanager semantics', () => {
  const labels = { model: 'fraud-v3', severity: 'critical' };
  assert.equal(matchesLabel({ name: 'model', op: '=', value: 'fraud-v3' }, labels), true);
  assert.equal(matchesLabel({ name: 'model', op: '!=', value: 'fraud-v3' }, labels), false);
  assert.equal(matchesLabel({ name: 'model', op: '=~', value: 'fraud' }, labels), false); // anchored
  assert.equal(matchesLabel({ name: 'model', op: '=~', value: 'fraud-.*' }, labels), true);
  assert.equal(matchesLabel({ name: 'model', op: '!~', value: 'churn|ltv' }, labels), true);
  assert.equal(matchesLabel({ name: 'endpoint', op: '=', value: '' }, labels), true); // missing reads as ""
  assert.equal(matchesLabel({ name: 'endpoint', op: '!=', value: '' }, labels), false);
});

test('silences apply on [startsAt, endsAt)', () => {
  const s = { id: 's', matchers: parseMatchers('{model=~"fraud-.*", severity!="info"}'), startsAt: 100, endsAt: 200 };
  assert.deepEqual(s.matchers, [
    { name: 'model', op: '=~', value: 'fraud-.*' },
    { name: 'severity', op: '!=', value: 'info' },
  ]);
  const labels = { model: 'fraud-v3', severity: 'critical' };
  assert.equal(findSilence(labels, [s], 99), null);
  assert.equal(findSilence(labels, [s], 100)?.id, 's');
  assert.equal(findSilence(labels, [s], 199)?.id, 's');
  assert.equal(findSilence(labels, [s], 200), null);
  assert.equal(findSilence({ ...labels, severity: 'info' }, [s], 150), null);
  assert.throws(() => parseMatchers('model=fraud'), /cannot parse matchers/);
});

test('weekly maintenance windows span midnight; one-off windows; scope by model and area', () => {
  // Sunday 2025-01-05 23:00 UTC for 3 h → until Monday 02:00
  const weekly: MaintenanceWindow = {
    id: 'w',
    scope: { areas: ['Infrastructure'] },
    schedule: { kind: 'weekly', weekdays: [0], startTime: '23:00', duration: '3h' },
  };
  const sun2300 = Date.UTC(2025, 0, 5, 23);
  assert.deepEqual(activeOccurrence(weekly.schedule, Date.UTC(2025, 0, 6, 1, 59)), [sun2300, sun2300 + 3 * 3_600_000]);
  assert.equal(activeOccurrence(weekly.schedule, Date.UTC(2025, 0, 6, 2)), null);
  assert.equal(activeOccurrence(weekly.schedule, Date.UTC(2025, 0, 5, 22, 59)), null);
  assert.notEqual(activeOccurrence(weekly.schedule, Date.UTC(2025, 0, 12, 23, 30)), null); // next week
  const infra = { area: 'Infrastructure', model: 'fraud-v3' };
  assert.equal(findMaintenanceWindow(infra, [weekly], sun2300)?.id, 'w');
  assert.equal(findMaintenanceWindow({ ...infra, area: 'Compliance' }, [weekly], sun2300), null);

  const once: MaintenanceWindow = {
    id: 'o',
    scope: { models: ['churn'] },
    schedule: { kind: 'once', startsAt: 1000, endsAt: 2000 },
  };
  assert.equal(findMaintenanceWindow({ model: 'churn', area: 'Data Quality' }, [once], 1500)?.id, 'o');
  assert.equal(findMaintenanceWindow({ model: 'churn', area: 'Data Quality' }, [once], 2000), null);
  assert.equal(findMaintenanceWindow({ model: 'fraud-v3', area: 'Data Quality' }, [once], 1500), null);

  const bounded = { ...weekly.schedule, activeFrom: Date.UTC(2025, 0, 6) } as const;
  assert.equal(activeOccurrence(bounded, Date.UTC(2025, 0, 6, 1)), null); // that occurrence started before activeFrom
});
