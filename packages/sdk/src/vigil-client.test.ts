import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Vigil } from './vigil-client.js';
import type { VigilError } from './vigil-error.js';
import type { VigilEvent } from './event-types.js';

/** A port with nothing listening: deliveries fail with ECONNREFUSED, never reaching any server. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function quietClient(url: string, extra: Partial<ConstructorParameters<typeof Vigil>[0]> = {}) {
  const errors: VigilError[] = [];
  const vigil = new Vigil({
    url,
    flushIntervalMs: 600_000,
    maxRetries: 0,
    errorReportIntervalMs: 60_000,
    onError: (e) => errors.push(e),
    ...extra,
  });
  return { vigil, errors };
}

test('record() never throws on garbage and counts it as invalid', async () => {
  const { vigil, errors } = quietClient(await closedPortUrl());
  const hostile = new Proxy(
    {},
    {
      get: () => {
        throw new Error('boom');
      },
    },
  );
  const garbage: unknown[] = [
    null,
    undefined,
    42,
    'event',
    [],
    {},
    { model: 'Bad Model' },
    { model: 7 },
    { model: 'ok', requestId: 5 },
    hostile,
  ];
  for (const g of garbage) assert.equal(vigil.record(g as VigilEvent), '');
  assert.equal(vigil.stats().invalid, garbage.length);
  assert.equal(vigil.stats().queued, 0);
  assert.equal(errors.length, 1, 'rate-limited: one report now, the rest summed later');
  assert.equal(errors[0].code, 'invalid_event');
  await vigil.shutdown();
  assert.equal(
    errors.reduce((n, e) => n + (e.code === 'invalid_event' ? e.count : 0), 0),
    garbage.length,
  );
});

test('record() returns the given requestId, or a fresh UUID', async () => {
  const { vigil } = quietClient(await closedPortUrl());
  assert.equal(vigil.record({ model: 'm', requestId: 'mine-1' }), 'mine-1');
  const a = vigil.record({ model: 'm' });
  const b = vigil.record({ model: 'm' });
  assert.match(a, /^[0-9a-f-]{36}$/);
  assert.notEqual(a, b);
  assert.equal(vigil.stats().queued, 3);
  await vigil.shutdown({ timeoutMs: 1 });
});

test('overflow: newest events dropped, counted, reported rate-limited, never silent', async () => {
  const { vigil, errors } = quietClient(await closedPortUrl(), { maxQueueSize: 10, batchSize: 1000 });
  const ids = Array.from({ length: 25 }, () => vigil.record({ model: 'm' }));
  assert.equal(ids.filter(Boolean).length, 10);
  assert.deepEqual(ids.slice(10), Array(15).fill(''));
  const s = vigil.stats();
  assert.equal(s.dropped, 15);
  assert.equal(s.queued, 10);
  assert.deepEqual(
    errors.map((e) => e.code),
    ['queue_overflow'],
  );
  await vigil.shutdown();
  const overflowReported = errors.filter((e) => e.code === 'queue_overflow').reduce((n, e) => n + e.count, 0);
  assert.equal(overflowReported, 15);
});

test('flush() with the server unreachable settles every event as failed after the retries', async () => {
  const { vigil, errors } = quietClient(await closedPortUrl(), { maxRetries: 2, retryBaseMs: 5, retryMaxMs: 10 });
  for (let i = 0; i < 7; i++) vigil.record({ model: 'm' });
  await vigil.flush();
  const s = vigil.stats();
  assert.deepEqual(
    { queued: s.queued, sent: s.sent, failed: s.failed, retries: s.retries },
    { queued: 0, sent: 0, failed: 7, retries: 2 },
  );
  assert.match(s.lastError ?? '', /ECONNREFUSED/);
  assert.equal(errors.at(-1)?.code, 'delivery_failed');
  await vigil.shutdown();
});

test('shutdown({timeoutMs}) abandons a long backoff and counts what is left as failed', async () => {
  const { vigil } = quietClient(await closedPortUrl(), { maxRetries: 100, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  vigil.record({ model: 'm' });
  vigil.label({ model: 'm', requestId: 'r', label: 1 });
  const started = Date.now();
  await vigil.shutdown({ timeoutMs: 200 });
  assert.ok(Date.now() - started < 5_000);
  const s = vigil.stats();
  assert.equal(s.failed, 1);
  assert.equal(s.labels.failed, 1);
  assert.equal(s.queued + s.labels.queued, 0);
});

test('after shutdown, record() and label() are dropped and counted', async () => {
  const { vigil, errors } = quietClient(await closedPortUrl());
  await vigil.shutdown();
  assert.equal(vigil.record({ model: 'm' }), '');
  assert.equal(vigil.label({ model: 'm', requestId: 'r', label: 'x' }), false);
  assert.equal(vigil.stats().dropped, 1);
  assert.equal(vigil.stats().labels.dropped, 1);
  assert.ok(errors.some((e) => e.code === 'after_shutdown'));
});

test('label() validates requestId and label', async () => {
  const { vigil } = quietClient(await closedPortUrl());
  assert.equal(vigil.label({ model: 'm', requestId: '', label: 1 }), false);
  assert.equal(vigil.label({ model: 'm', requestId: 'r', label: { no: 1 } } as never), false);
  assert.equal(vigil.label({ model: 'm', requestId: 'r', label: true }), true);
  assert.equal(vigil.stats().labels.invalid, 2);
  await vigil.shutdown({ timeoutMs: 1 });
});

test('track() returns the value, rethrows the very same error, and records both', async () => {
  const { vigil } = quietClient(await closedPortUrl());
  const value = await vigil.track({ model: 'm' }, async ({ requestId }) => requestId);
  assert.match(value, /^[0-9a-f-]{36}$/);
  const boom = new RangeError('model timed out');
  await assert.rejects(
    vigil.track({ model: 'm' }, () => {
      throw boom;
    }),
    (err) => err === boom,
  );
  assert.equal(vigil.stats().queued, 2);
  await vigil.shutdown({ timeoutMs: 1 });
});

test('enabled: false makes record() a no-op', async () => {
  const { vigil } = quietClient(await closedPortUrl(), { enabled: false });
  assert.equal(vigil.record({ model: 'm' }), '');
  assert.deepEqual([vigil.stats().queued, vigil.stats().invalid, vigil.stats().dropped], [0, 0, 0]);
  await vigil.shutdown();
});

test('bad options: one TypeError naming every problem', () => {
  assert.throws(
    () => new Vigil({ url: 'localhost:8080', batchSize: 5000, maxQueueSize: 0, retryBaseMs: -1 }),
    (err: Error) => {
      assert.ok(err instanceof TypeError);
      for (const part of [
        /url must use http or https/,
        /batchSize must be at most 1000/,
        /maxQueueSize must be a positive integer/,
        /retryBaseMs/,
      ]) {
        assert.match(err.message, part);
      }
      return true;
    },
  );
  assert.throws(() => new Vigil({ url: 'not a url' }), /url must be an absolute http\(s\) URL/);
});
