import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incidentName } from './alert-state.js';

test('incidentName drops the scope Vigil ends a title with, and nothing else', () => {
  const i = { area: 'API Performance' as const, model: 'recommender' };
  assert.equal(incidentName({ ...i, title: 'p95 slow, errors · API Performance · recommender' }), 'p95 slow, errors');
  assert.equal(incidentName({ ...i, model: null, title: 'queue full · API Performance' }), 'queue full');
  // A title that does not end with the incident's own scope (an older or hand-made one) is shown whole.
  assert.equal(incidentName({ ...i, title: 'p95 slow · Cost Monitoring' }), 'p95 slow · Cost Monitoring');
  assert.equal(incidentName({ ...i, title: ' · API Performance · recommender' }), ' · API Performance · recommender');
});
