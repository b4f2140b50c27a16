import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertRule } from '../rules/index.js';
import {
  AlertStateTracker,
  evaluateRules,
  createInMemoryMetricSource,
  fingerprintLabels,
  labelsOfRule,
  type RuleEvaluation,
} from './index.js';

const MIN = 60_000;
const rule = (over: Partial<AlertRule> = {}): AlertRule =>
  ({
    id: `r-${Math.random().toString(36).slice(2)}`,
    name: 'p95 high',
    kind: 'threshold',
    metric: 'latency.p95',
    comparator: '>',
    value: 800,
    area: 'API Performance',
    severity: 'critical',
    runbook: 'https://runbooks.example/p95',
    ...over,
  }) as AlertRule;
const result = (r: AlertRule, value: number | null): RuleEvaluation => ({
  rule: r,
  value,
  isActive: value !== null && value > 800,
});

test('pending → firing after `for`, keep_firing_for absorbs flaps, then resolved, then a new occurrence', () => {
  const r = rule({ for: '2m', keepFiringFor: '3m' });
  const tracker = new AlertStateTracker();
  const values = [900, 900, 900, 500, 900, 500, 500, 500, 500, 900, 500];
  const log: string[] = [];
  values.forEach((v, i) => {
    for (const t of tracker.apply([result(r, v)], i * MIN)) log.push(`${t.at / MIN}m ${t.from}→${t.to}`);
  });
  assert.deepEqual(log, [
    '0m inactive→pending',
    '2m pending→firing',
    '8m firing→resolved',
    '9m resolved→pending',
    '10m pending→inactive',
  ]);
});

test('for 0 fires on the first evaluation; resolved alerts are kept 15 minutes then dropped', () => {
  const r = rule();
  const tracker = new AlertStateTracker();
  assert.deepEqual(
    tracker.apply([result(r, 1000)], 0).map((t) => `${t.from}→${t.to}`),
    ['inactive→firing'],
  );
  const [firing] = tracker.list();
  assert.equal(firing.firedAt, 0);
  assert.equal(firing.activeAt, 0);
  assert.deepEqual(
    tracker.apply([result(r, 100)], MIN).map((t) => `${t.from}→${t.to}`),
    ['firing→resolved'],
  );
  assert.equal(tracker.list()[0].resolvedAt, MIN);
  tracker.apply([result(r, 100)], 15 * MIN);
  assert.equal(tracker.list().length, 1);
  tracker.apply([result(r, 100)], 16 * MIN);
  assert.equal(tracker.list().length, 0);
});

test('a rule that disappears from the round resolves; snapshot/restore keeps state', () => {
  const r = rule();
  const tracker = new AlertStateTracker();
  tracker.apply([result(r, 1000)], 0);
  const copy = new AlertStateTracker();
  copy.restore(tracker.snapshot());
  assert.deepEqual(
    copy.apply([], MIN).map((t) => `${t.from}→${t.to}`),
    ['firing→resolved'],
  );
});

test('labels and fingerprint are stable and order independent', () => {
  assert.equal(fingerprintLabels({ alertname: 'HighLatency', model: 'fraud-v3' }), 'a44d43f0e35ebdcd'); // golden from a Python FNV-1a
  assert.equal(fingerprintLabels({ model: 'fraud-v3', alertname: 'HighLatency' }), 'a44d43f0e35ebdcd');
  assert.equal(fingerprintLabels({}), 'cbf29ce484222325');
  assert.equal(fingerprintLabels({ a: 'é' }), '0019cb2f2449a23e');
  const r = rule({ scope: { model: 'fraud-v3', endpoint: '/score' }, labels: { team: 'payments', area: 'spoofed' } });
  assert.deepEqual(labelsOfRule(r), {
    team: 'payments',
    alertname: 'p95 high',
    rule_id: r.id,
    area: 'API Performance',
    severity: 'critical',
    model: 'fraud-v3',
    endpoint: '/score',
  });
});

test('end to end: evaluateRules feeds the tracker; annotations carry the value and runbook', async () => {
  const r = rule({ for: '1m', summary: 'p95 is {{value}} ms' });
  let p95 = 950;
  const source = createInMemoryMetricSource(() => p95);
  const tracker = new AlertStateTracker();
  const at = (t: number) =>
    evaluateRules([r], source, t).then((res) => tracker.apply(res, t).map((x) => `${x.at / 1000}s ${x.from}→${x.to}`));
  assert.deepEqual(await at(0), ['0s inactive→pending']);
  assert.deepEqual(await at(30_000), []);
  assert.deepEqual(await at(60_000), ['60s pending→firing']);
  assert.equal(tracker.list()[0].annotations.summary, 'p95 is 950 ms');
  assert.equal(tracker.list()[0].annotations.runbook, 'https://runbooks.example/p95');
  p95 = 100;
  assert.deepEqual(await at(90_000), ['90s firing→resolved']);
});
