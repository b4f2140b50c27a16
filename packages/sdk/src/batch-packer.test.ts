import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packBodies } from './batch-packer.js';

const event = (i: number) => ({ model: 'm', requestId: `r-${i}`, latencyMs: i });

test('splits at exactly maxItems', () => {
  const items = Array.from({ length: 1001 }, (_, i) => event(i));
  const { bodies } = packBodies(items, 'events', 500, 5_000_000);
  assert.deepEqual(
    bodies.map((b) => b.items.length),
    [500, 500, 1],
  );
  const parsed = bodies.flatMap((b) => (JSON.parse(b.json) as { events: unknown[] }).events);
  assert.deepEqual(parsed, items);
});

test('exactly maxItems fits one body; one item more opens a second', () => {
  const full = packBodies(
    Array.from({ length: 1000 }, (_, i) => event(i)),
    'events',
    1000,
    5_000_000,
  );
  assert.equal(full.bodies.length, 1);
  const over = packBodies(
    Array.from({ length: 1001 }, (_, i) => event(i)),
    'events',
    1000,
    5_000_000,
  );
  assert.equal(over.bodies.length, 2);
});

test('splits by bytes, every body within maxBytes, and bytes is the real UTF-8 size', () => {
  const items = Array.from({ length: 300 }, (_, i) => ({
    model: 'm',
    requestId: `r-${i}`,
    tags: { note: 'é'.repeat(i % 50) },
  }));
  const maxBytes = 2000;
  const { bodies, oversized } = packBodies(items, 'events', 1000, maxBytes);
  assert.equal(oversized.length, 0);
  assert.ok(bodies.length > 1);
  for (const b of bodies) {
    assert.equal(b.bytes, Buffer.byteLength(b.json));
    assert.ok(b.bytes <= maxBytes, `${b.bytes} > ${maxBytes}`);
  }
  assert.deepEqual(
    bodies.flatMap((b) => b.items),
    items,
  );
});

test('a body lands exactly on maxBytes', () => {
  const items = [event(1), event(2)];
  const exact = Buffer.byteLength(JSON.stringify({ events: items }));
  assert.equal(packBodies(items, 'events', 10, exact).bodies.length, 1);
  assert.equal(packBodies(items, 'events', 10, exact - 1).bodies.length, 2);
});

test('an item alone larger than maxBytes is set aside, the rest still packed', () => {
  const big = { model: 'm', requestId: 'big', tags: { blob: 'x'.repeat(5000) } };
  const { bodies, oversized } = packBodies([event(1), big, event(2)], 'labels', 10, 1000);
  assert.equal(oversized.length, 1);
  assert.equal(oversized[0].item, big);
  assert.deepEqual(JSON.parse(bodies[0].json), { labels: [event(1), event(2)] });
});

test('unserialisable items are set aside with a reason', () => {
  const circular: Record<string, unknown> = { model: 'm' };
  circular.self = circular;
  const withBigInt = { model: 'm', latencyMs: 10n };
  const { bodies, unserialisable } = packBodies([event(1), circular, withBigInt, event(2)], 'events', 10, 1_000_000);
  assert.equal(unserialisable.length, 2);
  assert.match(unserialisable[0].reason, /circular/i);
  assert.deepEqual(bodies[0].items, [event(1), event(2)]);
});

test('nothing to pack gives no body', () => {
  assert.deepEqual(packBodies([], 'events', 10, 1000).bodies, []);
});
