import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RACI_MATRIX,
  buildDailyDigest,
  listDeliveries,
  routeAlert,
  teamsWithRole,
  validateRaciMatrix,
  type Team,
} from './index.js';
import type { IncidentRecord } from '../../incidents/escalation/index.js';

const team = (name: string, rotation?: Team['rotation']): Team => ({
  name,
  members: [
    { id: `${name}-1`, name: `${name} One` },
    { id: `${name}-2`, name: `${name} Two` },
  ],
  rotation,
  channels: { page: [`${name}:pd`], notify: [`${name}:slack`], digest: [`${name}:mail`] },
});
const teams = new Map(
  [
    team('DevOps', {
      startsAt: Date.UTC(2025, 0, 6, 9),
      handoffWeekday: 1,
      handoffHour: 9,
      memberIds: ['DevOps-1', 'DevOps-2'],
    }),
    team('Data Science'),
    team('InfoSec'),
    team('Business'),
  ].map((t) => [t.name, t]),
);

test("the default matrix is PRODUCT.md's table and is valid", () => {
  assert.deepEqual(validateRaciMatrix(DEFAULT_RACI_MATRIX), []);
  assert.deepEqual(teamsWithRole(DEFAULT_RACI_MATRIX, 'Cost Monitoring', 'INFORMED'), ['Data Science', 'InfoSec']);
  assert.deepEqual(teamsWithRole(DEFAULT_RACI_MATRIX, 'Compliance', 'PRIMARY'), ['InfoSec']);
  assert.deepEqual(validateRaciMatrix({ ...DEFAULT_RACI_MATRIX, Compliance: { DevOps: 'SUPPORT' } }), [
    'area "Compliance" has 0 PRIMARY teams; it needs exactly one',
  ]);
});

test('API Performance critical: page DevOps on call, add Data Science (CONSULT), tell Business (ACCOUNTABLE) on open and resolve', () => {
  const now = Date.UTC(2025, 0, 14, 3);
  const plan = routeAlert({ area: 'API Performance', severity: 'critical' }, DEFAULT_RACI_MATRIX, teams, now);
  assert.equal(plan.primary.team, 'DevOps');
  assert.equal(plan.primary.isPaged, true);
  assert.equal(plan.primary.onCall?.memberId, 'DevOps-2');
  assert.deepEqual(plan.participants, [{ team: 'Data Science', role: 'CONSULT' }]);
  assert.deepEqual(plan.accountable, ['Business']);
  assert.deepEqual(plan.informed, []);
  assert.deepEqual(plan.reviewers, ['InfoSec']);
  const open = listDeliveries(plan, 'open', teams);
  assert.deepEqual(
    open.map((d) => `${d.purpose} ${d.channelId}`),
    [
      'page DevOps:pd',
      'notify-primary DevOps:slack',
      'add-to-incident Data Science:slack',
      'notify-accountable Business:slack',
    ],
  );
  assert.equal(open[0].onCall?.name, 'DevOps Two');
  assert.deepEqual(
    listDeliveries(plan, 'update', teams).map((d) => d.channelId),
    ['DevOps:pd', 'DevOps:slack', 'Data Science:slack'],
  );
  assert.equal(listDeliveries(plan, 'resolve', teams).length, 4);
});

test('warnings notify PRIMARY without paging; Security Events goes to InfoSec', () => {
  const plan = routeAlert({ area: 'Security Events', severity: 'warning' }, DEFAULT_RACI_MATRIX, teams, 0);
  assert.equal(plan.primary.team, 'InfoSec');
  assert.equal(plan.primary.isPaged, false);
  assert.equal(plan.primary.onCall, null);
  assert.deepEqual(plan.participants, [{ team: 'DevOps', role: 'SUPPORT' }]);
  assert.deepEqual(plan.informed, ['Data Science', 'Business']);
  assert.deepEqual(
    listDeliveries(plan, 'open', teams).map((d) => `${d.purpose} ${d.channelId}`),
    ['notify-primary InfoSec:slack', 'add-to-incident DevOps:slack'],
  );
});

test('daily digest for an INFORMED team lists incidents of its areas open during the day', () => {
  const day = Date.UTC(2025, 0, 14);
  const H = 3_600_000;
  const incidents: IncidentRecord[] = [
    {
      id: 'i1',
      title: 'GPU node down',
      area: 'Infrastructure',
      team: 'DevOps',
      severity: 'error',
      openedAt: day + 2 * H,
      resolvedAt: day + 2 * H + 25 * 60_000,
    },
    {
      id: 'i2',
      title: 'PII in <prompt>',
      area: 'Security Events',
      team: 'InfoSec',
      severity: 'critical',
      openedAt: day + 5 * H,
      acknowledgedAt: day + 5 * H + 60_000,
      url: 'https://vigil.example/i/i2',
    },
    { id: 'i3', title: 'p95 high', area: 'API Performance', team: 'DevOps', severity: 'critical', openedAt: day + H }, // Business is ACCOUNTABLE here, not INFORMED
    {
      id: 'i4',
      title: 'old',
      area: 'Data Quality',
      team: 'Data Science',
      severity: 'info',
      openedAt: day - 30 * H,
      resolvedAt: day - 20 * H,
    },
    {
      id: 'i5',
      title: 'drift',
      area: 'Data Quality',
      team: 'Data Science',
      severity: 'warning',
      openedAt: day - 2 * H,
    },
  ];
  const d = buildDailyDigest('Business', incidents, DEFAULT_RACI_MATRIX, day, day + 24 * H);
  assert.deepEqual(
    d.entries.map((e) => `${e.incident.id}:${e.state}`),
    ['i2:acknowledged', 'i1:resolved', 'i5:open'],
  );
  assert.deepEqual(d.counts, { total: 3, open: 2, resolved: 1, bySeverity: { critical: 1, error: 1, warning: 1 } });
  assert.equal(d.subject, '[Vigil] Business daily digest 2025-01-14: 3 incidents (2 open)');
  assert.match(
    d.text,
    /- \[error\] GPU node down \(Infrastructure\) opened 2025-01-14 02:00 UTC, resolved after 25 min/,
  );
  assert.match(d.text, /- \[warning\] drift \(Data Quality\) opened 2025-01-13 22:00 UTC, open for 26 h 0 min/);
  assert.match(d.html, /<a href="https:\/\/vigil.example\/i\/i2">\[critical\] PII in &lt;prompt&gt;/);
  const infosec = buildDailyDigest('InfoSec', incidents, DEFAULT_RACI_MATRIX, day, day + 24 * H);
  assert.deepEqual(
    infosec.entries.map((e) => `${e.incident.id}:${e.role}`),
    ['i3:REVIEW', 'i1:REVIEW'],
  );
});
