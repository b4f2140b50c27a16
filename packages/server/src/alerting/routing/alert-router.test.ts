import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RACI_MATRIX,
  listDeliveries,
  routeAlert,
  teamsWithRole,
  validateRaciMatrix,
  type Team,
} from './index.js';

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
