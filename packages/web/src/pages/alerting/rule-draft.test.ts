import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRule, draftFromRule, EMPTY_DRAFT } from './rule-draft.js';

const base = {
  ...EMPTY_DRAFT,
  id: 'eu-errors',
  name: 'EU errors',
  runbook: 'https://runbooks.example/eu',
  metric: 'errorRate',
  value: '0.05',
};

test('the segment field scopes the rule to one tag value and round-trips, other tags kept', () => {
  const built = buildRule({
    ...base,
    model: 'recommender',
    segment: 'region = eu',
    kept: { tags: { 'customer-facing': 'true' } },
  });
  assert.ok(built.rule, JSON.stringify(built.problems));
  assert.deepEqual(built.rule.scope, { model: 'recommender', tags: { 'customer-facing': 'true', region: 'eu' } });
  const again = draftFromRule(built.rule);
  assert.equal(again.segment, 'region=eu');
  assert.deepEqual(again.kept.tags, { 'customer-facing': 'true' });
  assert.deepEqual(buildRule(again).rule?.scope, built.rule.scope);
});

test('a segment that is not key=value is a problem naming the field', () => {
  const built = buildRule({ ...base, segment: 'eu' });
  assert.equal(built.rule, null);
  assert.deepEqual(built.problems, ['Segment must be one tag value as key=value, e.g. region=eu; got "eu"']);
});
