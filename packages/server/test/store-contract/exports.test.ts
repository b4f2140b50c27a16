// The ExportStore contract: export destinations, their cursors and counters, and the bounded delivery log.
// Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExportDeliveryRecord, ExportDestinationRecord, ExportStateRecord } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);

const destination = (id: string, over: Partial<ExportDestinationRecord> = {}): ExportDestinationRecord => ({
  id,
  name: `dest ${id}`,
  kind: 'datadog',
  enabled: true,
  settings: { site: 'datadoghq.eu', apiKey: `secret-${id}`, tags: ['env:prod'], batch: { max: 500 } },
  createdAtMs: T0,
  updatedAtMs: T0,
  ...over,
});

const delivery = (destinationId: string, atMs: number, over: Partial<ExportDeliveryRecord> = {}) => ({
  destinationId,
  atMs,
  what: 'metrics' as const,
  ok: true,
  attempts: 1,
  statusCode: 202,
  error: null,
  items: 10,
  durationMs: 12.5,
  lagMs: 61_000,
  ...over,
});

for (const backend of backends) {
  test(`${backend.name}: export destinations are put (replaced by id, created time kept), listed in creation order, deleted once`, async () => {
    await withStore(backend, async (store, opened) => {
      await store.exports.putDestination(destination('b', { createdAtMs: T0 + 1 }));
      await store.exports.putDestination(destination('a', { kind: 'splunk' }));
      assert.deepEqual(
        (await store.exports.listDestinations()).map((d) => d.id),
        ['a', 'b'],
      );
      // A replace changes everything but the creation time, settings included (secrets as given).
      await store.exports.putDestination(
        destination('a', {
          name: 'renamed',
          kind: 'newrelic',
          enabled: false,
          settings: { region: 'eu', licenseKey: 'k2' },
          createdAtMs: T0 + 999,
          updatedAtMs: T0 + 5,
        }),
      );
      const again = await opened.reopen();
      const a = await again.exports.getDestination('a');
      assert.deepEqual(a, {
        id: 'a',
        name: 'renamed',
        kind: 'newrelic',
        enabled: false,
        settings: { region: 'eu', licenseKey: 'k2' },
        createdAtMs: T0,
        updatedAtMs: T0 + 5,
      });
      assert.deepEqual(await again.exports.getDestination('b'), destination('b', { createdAtMs: T0 + 1 }));
      assert.equal(await again.exports.getDestination('nope'), null);
      assert.equal(await again.exports.deleteDestination('a'), true);
      assert.equal(await again.exports.deleteDestination('a'), false, 'deleted once');
      assert.deepEqual(
        (await again.exports.listDestinations()).map((d) => d.id),
        ['b'],
      );
    });
  });

  test(`${backend.name}: a destination's state (cursors, last answer, counters) is replaced whole and survives a restart`, async () => {
    await withStore(backend, async (store, opened) => {
      await store.exports.putDestination(destination('d'));
      assert.equal(await store.exports.getState('d'), null, 'no state before the first cycle');
      const first: ExportStateRecord = {
        destinationId: 'd',
        metricsThroughMs: T0,
        healthThroughMs: null,
        eventsThroughMs: null,
        lastAttemptAtMs: T0 + 10,
        lastSuccessAtMs: null,
        lastError: '503: Service Unavailable',
        batchesOk: 0,
        batchesFailed: 1,
        itemsSent: 0,
      };
      await store.exports.putState(first);
      const second: ExportStateRecord = {
        ...first,
        metricsThroughMs: T0 + 120_000,
        healthThroughMs: T0 - 3_600_000,
        eventsThroughMs: T0 + 5,
        lastSuccessAtMs: T0 + 20,
        lastError: null,
        batchesOk: 3,
        itemsSent: 1234,
      };
      await store.exports.putState(second);
      const again = await opened.reopen();
      assert.deepEqual(await again.exports.getState('d'), second);
    });
  });

  test(`${backend.name}: deliveries are listed newest first, each destination keeps its newest \`keep\`, and go with their destination`, async () => {
    await withStore(backend, async (store) => {
      await store.exports.putDestination(destination('x'));
      await store.exports.putDestination(destination('y'));
      // Interleaved, as concurrent destination cycles write them.
      for (let i = 0; i < 8; i++) {
        await store.exports.addDelivery(delivery('x', T0 + i, { items: i }), 5);
        await store.exports.addDelivery(
          delivery('y', T0 + i, { ok: false, statusCode: null, error: 'ECONNREFUSED', lagMs: null, attempts: 5 }),
          3,
        );
      }
      const x = await store.exports.listDeliveries('x', 100);
      assert.deepEqual(
        x.map((d) => d.items),
        [7, 6, 5, 4, 3],
        'the newest 5 of x, newest first',
      );
      assert.deepEqual(x[0], delivery('x', T0 + 7, { items: 7 }));
      const y = await store.exports.listDeliveries('y', 100);
      assert.equal(y.length, 3, 'the newest 3 of y');
      assert.deepEqual(
        y[0],
        delivery('y', T0 + 7, { ok: false, statusCode: null, error: 'ECONNREFUSED', lagMs: null, attempts: 5 }),
      );
      assert.equal((await store.exports.listDeliveries('x', 2)).length, 2, 'limit');
      await store.exports.putState({
        destinationId: 'y',
        metricsThroughMs: T0,
        healthThroughMs: null,
        eventsThroughMs: null,
        lastAttemptAtMs: null,
        lastSuccessAtMs: null,
        lastError: null,
        batchesOk: 0,
        batchesFailed: 0,
        itemsSent: 0,
      });
      assert.equal(await store.exports.deleteDestination('y'), true);
      assert.deepEqual(await store.exports.listDeliveries('y', 100), []);
      assert.equal(await store.exports.getState('y'), null);
      assert.equal((await store.exports.listDeliveries('x', 100)).length, 5, "another destination's log is untouched");
    });
  });
}
