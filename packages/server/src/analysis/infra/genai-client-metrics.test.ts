import { test } from 'node:test';
import assert from 'node:assert/strict';
import { genAiBucketBound, genAiBucketMetric, genAiSources, genAiValue } from './genai-client-metrics.js';

test('bucket metric names carry their bound, +Inf included, and read back', () => {
  assert.equal(genAiBucketMetric('genai.duration', 0.32), 'genai.duration.le:0.32');
  assert.equal(genAiBucketMetric('genai.duration', Infinity), 'genai.duration.le:+Inf');
  assert.equal(genAiBucketBound('genai.duration', 'genai.duration.le:0.32'), 0.32);
  assert.equal(genAiBucketBound('genai.duration', 'genai.duration.le:+Inf'), Infinity);
  assert.equal(genAiBucketBound('genai.duration', 'genai.server.duration.le:1'), null);
  assert.equal(genAiBucketBound('genai.duration', 'genai.duration.count'), null);
});

test('views over a window: totals, errors 0 when calls exist, mean, and p95 from the buckets', () => {
  const window: Record<string, number> = {
    'genai.tokens.input': 441,
    'genai.duration.count': 4,
    'genai.duration.sum': 6,
    'genai.duration.le:1': 2,
    'genai.duration.le:2': 1,
    'genai.duration.le:4': 1,
    'genai.duration.le:+Inf': 0,
  };
  const sumOf = (m: string) => window[m] ?? null;
  const stored = Object.keys(window);
  assert.equal(genAiValue('genai.tokens.input', sumOf, stored), 441);
  assert.equal(genAiValue('genai.tokens.output', sumOf, stored), null);
  assert.equal(genAiValue('genai.calls', sumOf, stored), 4);
  assert.equal(genAiValue('genai.errors', sumOf, stored), 0);
  assert.equal(genAiValue('genai.duration.mean', sumOf, stored), 1.5);
  // rank 0.95·4 = 3.8 lies in (2, 4] holding 1 (3 below): 2 + 2·0.8 = 3.6
  assert.ok(Math.abs(genAiValue('genai.duration.p95', sumOf, stored)! - 3.6) < 1e-12);
  assert.equal(genAiValue('genai.duration.p50', sumOf, stored), 1); // rank 2: the top of (0, 1]
  assert.deepEqual(genAiSources('genai.duration.p95', [...stored, 'genai.server.duration.le:1']).sort(), [
    'genai.duration.le:+Inf',
    'genai.duration.le:1',
    'genai.duration.le:2',
    'genai.duration.le:4',
  ]);
});
