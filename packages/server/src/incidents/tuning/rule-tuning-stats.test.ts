import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Incident } from '../../storage/index.js';
import { computeRuleTuningStats, median } from './rule-tuning-stats.js';

const H = 3_600_000;
const FROM = Date.UTC(2026, 10, 1);
const TO = FROM + 14 * 24 * H; // two weeks

function incident(id: string, ruleId: string, openedAt: number, extra: Partial<Incident> = {}): Incident {
  return {
    id,
    groupKey: id,
    title: id,
    area: 'API Performance',
    severity: 'critical',
    model: null,
    endpoint: null,
    team: 'DevOps',
    participants: [],
    status: 'resolved',
    openedAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: openedAt + H,
    resolvedBy: 'system',
    cause: null,
    isFalsePositive: false,
    impactUsdPerHour: null,
    isCustomerFacing: false,
    runbook: null,
    links: [],
    ruleIds: [ruleId],
    fingerprints: [],
    pagedChannels: [],
    escalation: null,
    ...extra,
  };
}

test('per rule: firings, time firing, ack rate, false-positive rate, median time to ack, pages per week per person', () => {
  const incidents = [
    incident('a1', 'noisy', FROM + H, { isFalsePositive: true }),
    incident('a2', 'noisy', FROM + 2 * H, { isFalsePositive: true, acknowledgedAt: FROM + 2 * H + 60_000 }),
    incident('a3', 'noisy', FROM + 3 * H, { acknowledgedAt: FROM + 3 * H + 180_000 }),
    // Opened before the end, still open: counts time firing up to `to`, is neither resolved nor false.
    incident('a4', 'noisy', TO - H, { status: 'open', resolvedAt: null, acknowledgedAt: TO - H + 600_000 }),
    incident('b1', 'quiet', FROM + 5 * H, { acknowledgedAt: FROM + 5 * H + 120_000, team: 'Data Science' }),
  ];
  const pages = new Map([
    ['a1', 1],
    ['a2', 2],
    ['a3', 1],
    ['a4', 0],
    ['b1', 1],
  ]);
  const onCall = new Map<string, readonly string[]>([
    ['DevOps', ['ann', 'bo']],
    ['Data Science', []],
  ]);
  const rules = new Map([
    ['noisy', { name: 'Noisy', area: 'API Performance' as const, severity: 'critical' as const }],
    ['quiet', { name: 'Quiet', area: 'Model Accuracy' as const, severity: 'warning' as const }],
    ['never', { name: 'Never fired', area: 'Compliance' as const, severity: 'info' as const }],
  ]);
  const rows = computeRuleTuningStats({
    from: FROM,
    to: TO,
    incidents,
    pagesByIncident: pages,
    onCallByTeam: onCall,
    rules,
  });
  assert.deepEqual(
    rows.map((r) => r.ruleId),
    ['noisy', 'quiet', 'never'],
  );
  const noisy = rows[0]!;
  assert.equal(noisy.firings, 4);
  assert.equal(noisy.firingMs, 4 * H);
  assert.equal(noisy.acknowledged, 3);
  assert.equal(noisy.ackRate, 0.75);
  assert.equal(noisy.resolved, 3);
  assert.equal(noisy.falsePositives, 2);
  assert.equal(noisy.falsePositiveRate, 2 / 3);
  assert.equal(noisy.medianTimeToAckMs, 180_000); // of 60 s, 180 s, 600 s
  assert.equal(noisy.pages, 4);
  assert.equal(noisy.onCallPeople, 2);
  assert.equal(noisy.pagesPerWeekPerPerson, 1); // 4 pages / 2 weeks / 2 people
  assert.equal(noisy.noise, 3); // 2 false positives + 1 unacknowledged
  const quiet = rows[1]!;
  assert.equal(quiet.onCallPeople, 1, 'a team with nobody listed counts as one person');
  assert.equal(quiet.pagesPerWeekPerPerson, 0.5);
  assert.equal(quiet.falsePositiveRate, 0);
  const never = rows[2]!;
  assert.deepEqual(
    [never.firings, never.ackRate, never.falsePositiveRate, never.medianTimeToAckMs],
    [0, null, null, null],
  );
});

test('median: middle value, mean of the two middle ones, null for none', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
});
