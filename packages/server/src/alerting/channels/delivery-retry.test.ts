import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliverWithRetry, parseRetryAfter, truncateText } from './index.js';

test('Retry-After as seconds or HTTP date', () => {
  const now = Date.parse('2025-01-14T10:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Tue, 14 Jan 2025 10:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Tue, 14 Jan 2025 09:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter(null, now), null);
});

test('backoff doubles with jitter and is capped', async () => {
  let calls = 0;
  const result = await deliverWithRetry(
    'webhook',
    'n1',
    async () => ({ ok: ++calls === 5, statusCode: calls === 5 ? 200 : 503, error: 'HTTP 503', isRetryable: true }),
    { maxAttempts: 5, baseDelayMs: 4, maxDelayMs: 10, random: () => 0.999 },
    AbortSignal.timeout(5_000),
  );
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.attemptLog.map((a) => a.waitMs),
    [4, 8, 10, 10, null],
  );
});

test('a Retry-After beyond the limit gives up instead of waiting', async () => {
  const result = await deliverWithRetry(
    'slack',
    'n2',
    async () => ({ ok: false, statusCode: 429, error: 'HTTP 429', isRetryable: true, retryAfterMs: 3_600_000 }),
    { maxRetryAfterMs: 60_000 },
    AbortSignal.timeout(5_000),
  );
  assert.deepEqual([result.ok, result.attempts], [false, 1]);
  assert.match(result.error ?? '', /Retry-After 3600000 ms exceeds the 60000 ms limit/);
});

test('abort during the wait ends the delivery', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop')), 20);
  const result = await deliverWithRetry(
    'slack',
    'n3',
    async () => ({ ok: false, statusCode: 500, error: 'HTTP 500', isRetryable: true }),
    { baseDelayMs: 10_000 },
    controller.signal,
  );
  assert.deepEqual([result.ok, result.attempts, result.error], [false, 1, 'aborted while waiting to retry: stop']);
});

test('truncation never splits a surrogate pair', () => {
  assert.equal(truncateText('abcdef', 4), 'abc…');
  assert.equal(truncateText('ab😀cd', 4), 'ab…');
  assert.equal(truncateText('abc', 3), 'abc');
});
