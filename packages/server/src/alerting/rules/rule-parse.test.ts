import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRulesYaml, validateRules, parseDurationMs, formatDurationMs } from './index.js';

const yamlText = `
rules:
  - id: p95-high
    name: Checkout p95 latency high
    kind: threshold
    metric: latency.p95
    comparator: ">"
    value: 800
    for: 5m
    keepFiringFor: 10m
    scope: { model: fraud-v3, endpoint: /checkout }
    area: API Performance
    severity: critical
    runbook: https://runbooks.example/p95
    businessImpactUsdPerHour: 2500
  - id: p95-vs-last-week
    name: p95 up week over week
    kind: relative_change
    metric: latency.p95
    window: 1h
    offset: 1w
    comparator: ">"
    changePercent: 50
    area: API Performance
    severity: warning
    runbook: "## Check the deploy log"
  - id: silent
    name: No traffic
    kind: absence
    window: 15m
    area: Infrastructure
    severity: error
    runbook: https://runbooks.example/silent
  - id: budget
    name: Error budget burn
    kind: slo_burn
    errorRatioMetric: errorRate
    objectivePercent: 99.9
    alert: page
    area: API Performance
    severity: critical
    runbook: https://runbooks.example/burn
`;

test('a YAML file with all four kinds validates', () => {
  const v = parseRulesYaml(yamlText);
  assert.equal(v.ok, true);
  if (v.ok)
    assert.deepEqual(
      v.rules.map((r) => r.kind),
      ['threshold', 'relative_change', 'absence', 'slo_burn'],
    );
});

test('every problem is reported with its path', () => {
  const v = validateRules([
    {
      id: 'a',
      name: 'a',
      kind: 'threshold',
      metric: 'calls',
      comparator: '>',
      value: 1,
      area: 'Nowhere',
      severity: 'critical',
      runbook: 'x',
    },
    {
      id: 'b',
      name: 'b',
      kind: 'absence',
      window: '5 minutes',
      area: 'Infrastructure',
      severity: 'info',
      runbook: 'x',
    },
    { id: 'c', name: 'c', kind: 'bogus' },
  ]);
  assert.equal(v.ok, false);
  if (v.ok) return;
  const paths = v.problems.map((p) => p.path);
  assert.ok(paths.includes('/0/area'), paths.join());
  assert.ok(paths.includes('/1/window'), paths.join());
  assert.ok(paths.includes('/2/kind'), paths.join());
});

test('duplicate ids are rejected', () => {
  const rule = {
    id: 'a',
    name: 'a',
    kind: 'absence',
    window: '5m',
    area: 'Infrastructure',
    severity: 'info',
    runbook: 'x',
  };
  const v = validateRules([rule, rule]);
  assert.equal(v.ok, false);
  if (!v.ok)
    assert.deepEqual(
      v.problems.map((p) => p.path),
      ['/1/id'],
    );
});

test('durations parse and format exactly', () => {
  assert.equal(parseDurationMs('90s'), 90_000);
  assert.equal(parseDurationMs('1w'), 604_800_000);
  assert.equal(formatDurationMs(300_000), '5m');
  assert.equal(formatDurationMs(1500), '1500ms');
  assert.throws(() => parseDurationMs('5 min'), /invalid duration/);
});
