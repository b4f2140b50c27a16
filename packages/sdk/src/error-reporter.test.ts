import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorReporter } from './error-reporter.js';
import type { VigilError } from './vigil-error.js';

test('per-item problems: first reported at once, the rest summed into one report per interval', async () => {
  const seen: VigilError[] = [];
  let now = 1_000;
  const reporter = new ErrorReporter(
    (e) => seen.push(e),
    50,
    () => now,
  );
  for (let i = 0; i < 1000; i++) reporter.reportThrottled('queue_overflow', 'queue full');
  assert.equal(seen.length, 1);
  assert.equal(seen[0].count, 1);
  now += 50;
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(seen.length, 2, 'the pending summary fires on its own timer');
  assert.equal(seen[1].count, 999);
  assert.equal(
    seen.reduce((a, e) => a + e.count, 0),
    1000,
    'every occurrence is accounted for',
  );
  assert.match(seen[1].message, /999 occurrences/);
});

test('codes are throttled independently', () => {
  const seen: VigilError[] = [];
  const reporter = new ErrorReporter((e) => seen.push(e), 60_000);
  reporter.reportThrottled('queue_overflow', 'a');
  reporter.reportThrottled('invalid_event', 'b');
  reporter.reportThrottled('invalid_event', 'c');
  assert.deepEqual(
    seen.map((e) => e.code),
    ['queue_overflow', 'invalid_event'],
  );
  reporter.drain();
  assert.deepEqual(
    seen.map((e) => [e.code, e.count]),
    [
      ['queue_overflow', 1],
      ['invalid_event', 1],
      ['invalid_event', 1],
    ],
  );
  assert.match(reporter.lastError ?? '', /^c/);
});

test('a throwing onError does not escape', () => {
  const reporter = new ErrorReporter(() => {
    throw new Error('user bug');
  }, 10);
  assert.doesNotThrow(() => reporter.report('delivery_failed', 'x'));
  assert.doesNotThrow(() => reporter.reportThrottled('invalid_event', 'x'));
  reporter.drain();
});
