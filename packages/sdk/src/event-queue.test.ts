import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from './event-queue.js';

test('overflow drops the newest item and counts every drop', () => {
  const q = new EventQueue<number>(3);
  const accepted = [1, 2, 3, 4, 5, 6].map((n) => q.push(n));
  assert.deepEqual(accepted, [true, true, true, false, false, false]);
  assert.equal(q.length, 3);
  assert.equal(q.enqueued, 3);
  assert.equal(q.dropped, 3);
  assert.deepEqual(q.take(10), [1, 2, 3]);
});

test('room frees up after take(), and enqueued + dropped = pushed', () => {
  const q = new EventQueue<number>(100);
  let pushed = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 37; i++) {
      q.push(pushed++);
    }
    q.take(25);
  }
  assert.equal(q.enqueued + q.dropped, pushed);
  assert.ok(q.length <= 100);
});

test('take() keeps FIFO order across partial takes', () => {
  const q = new EventQueue<number>(1000);
  for (let i = 0; i < 1000; i++) q.push(i);
  const out: number[] = [];
  while (q.length > 0) out.push(...q.take(300));
  assert.deepEqual(
    out,
    Array.from({ length: 1000 }, (_, i) => i),
  );
});

test('take() of everything hands over the array and leaves an empty queue', () => {
  const q = new EventQueue<string>(10);
  q.push('a');
  q.push('b');
  const all = q.take(2);
  q.push('c');
  assert.deepEqual(all, ['a', 'b']);
  assert.deepEqual(q.take(5), ['c']);
  assert.deepEqual(q.take(5), []);
});
