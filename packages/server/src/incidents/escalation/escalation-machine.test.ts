import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acknowledgeEscalation,
  findStartLevel,
  nextEscalationAt,
  openEscalation,
  resolveEscalation,
  tickEscalation,
  estimateImpactUsd,
  type EscalationAction,
} from './index.js';

const MIN = 60_000;
const H = 60 * MIN;
const fmt = (actions: EscalationAction[]) =>
  actions.map((a) =>
    a.type === 'stop'
      ? `${a.at / MIN}m stop ${a.reason}`
      : `${a.at / MIN}m ${a.type} ${a.level} ${a.team}${a.type === 'page' ? ` ${a.reason}` : ''}`,
  );

test('unacknowledged: L1 → L2 → L3 → Executive at each 15-minute timeout, exact even when ticked late', () => {
  let { state, actions } = openEscalation({ incidentId: 'i', openedAt: 0 });
  assert.deepEqual(fmt(actions), ['0m page L1 DevOps opened']);
  assert.equal(nextEscalationAt(state), 15 * MIN);
  ({ state, actions } = tickEscalation(state, 15 * MIN - 1));
  assert.deepEqual(actions, []);
  ({ state, actions } = tickEscalation(state, 15 * MIN));
  assert.deepEqual(fmt(actions), ['15m page L2 Data Science ack-timeout']);
  ({ state, actions } = tickEscalation(state, 2 * H)); // late tick: both remaining steps at their due times
  assert.deepEqual(fmt(actions), ['30m page L3 InfoSec ack-timeout', '45m page Executive Executive ack-timeout']);
  assert.equal(nextEscalationAt(state), null);
});

test('acknowledging stops escalation; a reminder follows an acknowledged incident left open', () => {
  let { state } = openEscalation({ incidentId: 'i', openedAt: 0, startLevel: findStartLevel('Data Science') });
  let actions: EscalationAction[];
  ({ state, actions } = acknowledgeEscalation(state, 20 * MIN, 'ana'));
  assert.deepEqual(fmt(actions), ['15m page L3 InfoSec ack-timeout', '20m stop acknowledged']);
  assert.equal(state.acknowledgedBy, 'ana');
  assert.equal(nextEscalationAt(state), 20 * MIN + 4 * H);
  ({ state, actions } = tickEscalation(state, 9 * H));
  assert.deepEqual(fmt(actions), ['260m reminder L3 InfoSec', '500m reminder L3 InfoSec']);
  ({ state, actions } = resolveEscalation(state, 9 * H + 5 * MIN));
  assert.deepEqual(fmt(actions), ['545m stop resolved']);
  assert.equal(nextEscalationAt(state), null);
  assert.deepEqual(tickEscalation(state, 100 * H).actions, []);
  assert.deepEqual(resolveEscalation(state, 100 * H).actions, []);
});

test('straight to Executive: impact above $10K/h on open, or a customer-facing outage', () => {
  assert.deepEqual(fmt(openEscalation({ incidentId: 'a', openedAt: 0, impactUsdPerHour: 12_000 }).actions), [
    '0m page L1 DevOps opened',
    '0m page Executive Executive business-impact',
  ]);
  assert.deepEqual(fmt(openEscalation({ incidentId: 'b', openedAt: 0, impactUsdPerHour: 10_000 }).actions), [
    '0m page L1 DevOps opened',
  ]); // not above
  const outage = openEscalation({ incidentId: 'c', openedAt: 0, isCustomerFacingOutage: true, startLevel: 'L3' });
  assert.deepEqual(fmt(outage.actions), [
    '0m page L3 InfoSec opened',
    '0m page Executive Executive customer-facing-outage',
  ]);
  assert.equal(nextEscalationAt(outage.state), null);
});

test('accumulated impact crosses $10K while acknowledged: Executive is told, escalation stays stopped', () => {
  let { state } = openEscalation({ incidentId: 'i', openedAt: 0, impactUsdPerHour: 5_000 });
  let actions: EscalationAction[];
  ({ state, actions } = acknowledgeEscalation(state, 5 * MIN, 'bo'));
  assert.equal(nextEscalationAt(state), 2 * H + 1); // first ms with 5,000 × t > 10,000
  ({ state, actions } = tickEscalation(state, 2 * H));
  assert.deepEqual(actions, []);
  ({ state, actions } = tickEscalation(state, 2 * H + MIN));
  assert.deepEqual(
    actions.map((a) => a.type === 'page' && `${a.team} ${a.reason} ${a.at}`),
    [`Executive business-impact ${2 * H + 1}`],
  );
  assert.equal(state.status, 'acknowledged');
  assert.equal(estimateImpactUsd(5_000, 0, 30 * MIN), 5_000);
  assert.equal(estimateImpactUsd(5_000, 0, 3 * H), 15_000);
});

test('a policy edited to fewer levels: an incident past the new last level stays on it (reminders name it)', () => {
  let { state } = openEscalation({ incidentId: 'i', openedAt: 0 });
  ({ state } = tickEscalation(state, 45 * MIN)); // Executive, index 3
  ({ state } = acknowledgeEscalation(state, 50 * MIN, 'ana'));
  const short = {
    levels: [
      { name: 'L1', team: 'DevOps', ackTimeoutMs: 5 * MIN },
      { name: 'Top', team: 'Executive', ackTimeoutMs: 0 },
    ],
    executiveImpactUsd: 10_000,
    reminderAfterMs: H,
    reminderIntervalMs: H,
  };
  const { state: after, actions } = tickEscalation(state, 5 * H, short);
  assert.equal(after.levelIndex, 1);
  assert.deepEqual(fmt(actions), ['290m reminder Top Executive']);
});
