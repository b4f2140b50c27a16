import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationGrouper, createMuteCheck, fingerprintLabels, type NotifiableAlert } from './index.js';

const S = 1000;
const alert = (
  name: string,
  over: Partial<NotifiableAlert> = {},
  labels: Record<string, string> = {},
): NotifiableAlert => {
  const l = { alertname: name, area: 'API Performance', model: 'fraud-v3', ...labels };
  return {
    fingerprint: fingerprintLabels(l),
    labels: l,
    annotations: { summary: name },
    state: 'firing',
    activeAt: 0,
    resolvedAt: null,
    ...over,
  };
};
const names = (n: { alerts: { labels: { alertname?: string }; status: string }[] }) =>
  n.alerts.map((a) => `${a.labels.alertname}:${a.status}`);

test('group_wait, group_interval, repeat_interval and resolve, at exact times', () => {
  const g = new NotificationGrouper();
  const A = alert('A');
  const B = alert('B', { activeAt: 10 * S });
  const C = alert('C', { activeAt: 100 * S });
  g.ingest([A], 0);
  assert.equal(g.nextFlushAt(), 30 * S);
  assert.deepEqual(g.flush(29 * S), []);
  g.ingest([B], 10 * S);
  const [first] = g.flush(30 * S);
  assert.equal(first.reason, 'new');
  assert.equal(first.groupKey, '{}:{area="API Performance", model="fraud-v3"}');
  assert.deepEqual(names(first), ['A:firing', 'B:firing']);
  assert.deepEqual(first.commonLabels, { area: 'API Performance', model: 'fraud-v3' });
  assert.equal(g.nextFlushAt(), 330 * S);

  g.ingest([C], 100 * S); // waits for the next group_interval tick, not group_wait
  assert.deepEqual(g.flush(329 * S), []);
  const [second] = g.flush(330 * S);
  assert.equal(second.reason, 'changed');
  assert.deepEqual(names(second), ['A:firing', 'B:firing', 'C:firing']);

  assert.deepEqual(g.flush(630 * S), []); // nothing new: deduplicated
  g.ingest([{ ...A, state: 'resolved', resolvedAt: 700 * S }], 700 * S);
  const [third] = g.flush(930 * S);
  assert.equal(third.reason, 'resolved');
  assert.equal(third.status, 'firing');
  assert.deepEqual(names(third), ['B:firing', 'C:firing', 'A:resolved']);
  assert.equal(third.alerts[2].endsAt, 700 * S);

  // repeat_interval 4 h after the last notification (930 s), on the group_interval grid
  let repeat: ReturnType<typeof g.flush> = [];
  let t = 930 * S;
  while (repeat.length === 0) {
    t += 300 * S;
    repeat = g.flush(t);
  }
  assert.equal(t, 930 * S + 4 * 3600 * S);
  assert.equal(repeat[0].reason, 'repeat');
  assert.deepEqual(names(repeat[0]), ['B:firing', 'C:firing']);

  g.ingest(
    [
      { ...B, state: 'resolved', resolvedAt: t + S },
      { ...C, state: 'resolved', resolvedAt: t + S },
    ],
    t + S,
  );
  const [last] = g.flush(t + 300 * S);
  assert.equal(last.status, 'resolved');
  assert.deepEqual(names(last), ['B:resolved', 'C:resolved']);
  assert.equal(g.nextFlushAt(), null);
});

test('an alert older than group_wait (a rule with `for`) flushes a new group at once', () => {
  const g = new NotificationGrouper();
  g.ingest([alert('A', { activeAt: 0 })], 120 * S);
  assert.equal(g.flush(120 * S).length, 1);
});

test('groups split by group_by; area is always a group label', () => {
  const g = new NotificationGrouper({ groupBy: ['model'], groupWaitMs: 0 });
  g.ingest([alert('A'), alert('B', {}, { model: 'churn' }), alert('C', {}, { area: 'Cost Monitoring' })], 0);
  assert.deepEqual(g.listGroupKeys(), [
    '{}:{area="API Performance", model="churn"}',
    '{}:{area="API Performance", model="fraud-v3"}',
    '{}:{area="Cost Monitoring", model="fraud-v3"}',
  ]);
  assert.equal(g.flush(0).length, 3);
});

test('silenced alerts are left out until the silence ends; a resolved-only group never notifies', () => {
  const silences = [
    { id: 's1', matchers: [{ name: 'alertname', op: '=~' as const, value: 'A|B' }], startsAt: 0, endsAt: 400 * S },
  ];
  const g = new NotificationGrouper({ isMuted: createMuteCheck(silences, []) });
  g.ingest([alert('A'), alert('Z', { state: 'resolved', resolvedAt: 0 }, { model: 'other' })], 0);
  assert.deepEqual(g.listGroupKeys(), ['{}:{area="API Performance", model="fraud-v3"}']);
  assert.deepEqual(g.flush(30 * S), []);
  assert.deepEqual(g.flush(330 * S), []);
  const [n] = g.flush(630 * S);
  assert.equal(n.reason, 'new');
  assert.deepEqual(names(n), ['A:firing']);
});

test('send_resolved false drops resolved alerts from notifications', () => {
  const g = new NotificationGrouper({ sendResolved: false, groupWaitMs: 0 });
  const A = alert('A');
  g.ingest([A, alert('B')], 0);
  assert.equal(g.flush(0).length, 1);
  g.ingest([{ ...A, state: 'resolved', resolvedAt: S }], S);
  assert.deepEqual(g.flush(300 * S), []);
});

test('settle: a resolution announced off the grid is not announced again, and a re-fire of the alert is new', () => {
  const g = new NotificationGrouper();
  const A = alert('A');
  const B = alert('B');
  g.ingest([A, B], 0);
  const [first] = g.flush(30 * S);
  g.ingest([{ ...A, state: 'resolved', resolvedAt: 60 * S }], 60 * S);
  g.settle(first.groupKey);
  // B still fires and was notified: nothing to say at the next tick; A's resolution is not repeated.
  assert.deepEqual(g.flush(330 * S), []);
  g.ingest([{ ...A, state: 'firing', activeAt: 400 * S }], 400 * S);
  const [again] = g.flush(630 * S);
  assert.equal(again.reason, 'changed', 'A fires again: not deduplicated against its old notification');
  assert.deepEqual(names(again), ['B:firing', 'A:firing']); // by startsAt

  // Everything resolved and settled: the group is gone, a later alert starts a new one with group_wait.
  g.ingest(
    [
      { ...A, state: 'resolved', resolvedAt: 700 * S },
      { ...B, state: 'resolved', resolvedAt: 700 * S },
    ],
    700 * S,
  );
  g.settle(first.groupKey);
  assert.deepEqual(g.listGroupKeys(), []);
  assert.equal(g.nextFlushAt(), null);
  g.ingest([{ ...A, activeAt: 800 * S }], 800 * S);
  assert.equal(g.nextFlushAt(), 830 * S);
  assert.equal(g.flush(830 * S)[0]!.reason, 'new');
});
