import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelWindowAggregator, MODEL_WINDOW_MS } from './model-window.js';

test('events go to the window of their model and hour, before and after a drain', () => {
  const agg = new ModelWindowAggregator();
  const t0 = Date.UTC(2026, 10, 27, 10);
  const add = (model: string, t: number) => agg.addEvent({ model, features: { x: 1 } }, t);
  add('a', t0);
  add('a', t0 + 1);
  add('b', t0 + 2);
  add('a', t0 + MODEL_WINDOW_MS);
  const first = agg.drain().map((w) => [w.model, w.bucketStart, w.profile.rows]);
  assert.deepEqual(first, [
    ['a', t0, 2],
    ['b', t0, 1],
    ['a', t0 + MODEL_WINDOW_MS, 1],
  ]);
  add('a', t0 + MODEL_WINDOW_MS + 5);
  assert.deepEqual(
    agg.drain().map((w) => [w.model, w.bucketStart, w.profile.rows]),
    [['a', t0 + MODEL_WINDOW_MS, 1]],
    'a drained window is not written to again',
  );
});
