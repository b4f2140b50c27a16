import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeBackoffMs, computeRetryDelayMs, isRetryableStatus, parseRetryAfterMs } from './retry-policy.js';

test('full jitter stays within [0, min(max, base·2^attempt))', () => {
  for (let attempt = 0; attempt < 12; attempt++) {
    const ceiling = Math.min(30_000, 500 * 2 ** attempt);
    for (let i = 0; i < 200; i++) {
      const d = computeBackoffMs(attempt, 500, 30_000);
      assert.ok(d >= 0 && d < ceiling, `attempt ${attempt}: ${d} not in [0, ${ceiling})`);
    }
    assert.equal(
      computeBackoffMs(attempt, 500, 30_000, () => 0),
      0,
    );
    assert.equal(
      computeBackoffMs(attempt, 500, 30_000, () => 0.999999),
      Math.floor(0.999999 * ceiling),
    );
  }
});

test('full jitter is spread out, not clustered at the ceiling', () => {
  const samples = Array.from({ length: 2000 }, () => computeBackoffMs(4, 100, 10_000));
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  // Uniform on [0, 1600): mean 800, standard error ≈ 10; 100 is a wide margin.
  assert.ok(Math.abs(mean - 800) < 100, `mean ${mean}`);
  assert.ok(samples.some((s) => s < 160) && samples.some((s) => s > 1440));
});

test('a huge attempt number stays capped and finite', () => {
  assert.ok(computeBackoffMs(5000, 500, 30_000, () => 0.5) === 15_000);
});

test('Retry-After as delta-seconds', () => {
  assert.equal(parseRetryAfterMs('0', 0), 0);
  assert.equal(parseRetryAfterMs('2', 0), 2000);
  assert.equal(parseRetryAfterMs(' 120 ', 0), 120_000);
  assert.equal(parseRetryAfterMs('1.5', 0), 1500);
});

test('Retry-After as an HTTP date', () => {
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
  assert.equal(parseRetryAfterMs('Wed, 21 Oct 2026 07:28:30 GMT', now), 30_000);
  assert.equal(parseRetryAfterMs('Wed, 21 Oct 2026 07:27:00 GMT', now), 0, 'a date in the past means now');
});

test('Retry-After absent or garbage', () => {
  assert.equal(parseRetryAfterMs(null, 0), undefined);
  assert.equal(parseRetryAfterMs(undefined, 0), undefined);
  assert.equal(parseRetryAfterMs('', 0), undefined);
  assert.equal(parseRetryAfterMs('soon', 0), undefined);
  assert.equal(parseRetryAfterMs('-5', 0), undefined);
});

test('retry on 408, 429 and 5xx only', () => {
  for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [400, 401, 403, 404, 413, 422]) assert.equal(isRetryableStatus(s), false, String(s));
});

test('Retry-After wins over backoff, capped by maxRetryAfterMs', () => {
  const policy = { retryBaseMs: 100, retryMaxMs: 1000, maxRetryAfterMs: 5000 };
  assert.equal(computeRetryDelayMs(0, 3000, policy), 3000);
  assert.equal(computeRetryDelayMs(0, 60_000, policy), 5000);
  assert.equal(
    computeRetryDelayMs(3, undefined, policy, () => 0.5),
    400,
  );
});
