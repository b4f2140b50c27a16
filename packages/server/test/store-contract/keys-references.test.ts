// The KeyStore, ReferenceStore and CardinalityStore contracts, and what every Store answers about itself
// (checkReady, probeWritable, close). Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CardinalityName } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);

for (const backend of backends) {
  test(`${backend.name}: the store is ready, writable and says which backend it is`, async () => {
    await withStore(backend, async (store) => {
      assert.equal(store.kind, backend.name);
      const { schemaVersion } = await store.checkReady();
      assert.ok(Number.isInteger(schemaVersion) && schemaVersion > 0);
      await store.probeWritable(0, 4096);
    });
  });

  test(`${backend.name}: API keys: found by hash while active, listed, revoked once, admins counted`, async () => {
    await withStore(backend, async (store, opened) => {
      const key = (id: string, role: 'admin' | 'ingest' | 'read') => ({
        id,
        name: `key ${id}`,
        role,
        createdAtMs: T0,
        revokedAtMs: null,
        hash: `hash-${id}`,
      });
      await store.keys.create(key('a', 'admin'));
      await store.keys.create(key('b', 'admin'));
      await store.keys.create(key('i', 'ingest'));
      assert.equal((await store.keys.findActiveByHash('hash-i'))?.role, 'ingest');
      assert.equal(await store.keys.findActiveByHash('hash-nope'), null);
      assert.equal(await store.keys.countActiveAdmins(), 2);
      assert.equal(await store.keys.revoke('a', T0 + 1), true);
      assert.equal(await store.keys.revoke('a', T0 + 2), false, 'revoked once');
      const again = await opened.reopen();
      assert.equal(await again.keys.findActiveByHash('hash-a'), null);
      assert.equal(await again.keys.countActiveAdmins(), 1);
      const listed = await again.keys.list();
      assert.deepEqual(listed.map((k) => k.id).sort(), ['a', 'b', 'i']);
      assert.equal(listed.find((k) => k.id === 'a')!.revokedAtMs, T0 + 1);
      assert.ok(!('hash' in listed[0]!), 'hashes are not listed');
    });
  });

  test(`${backend.name}: a model's reference is put (replacing the last), read back byte for byte, deleted`, async () => {
    await withStore(backend, async (store) => {
      const profile = Uint8Array.from([1, 2, 3, 250, 0, 7]);
      const ref = {
        model: 'm',
        source: 'window' as const,
        windowFrom: T0,
        windowTo: T0 + 3_600_000,
        rows: 42,
        profile,
        createdAtMs: T0,
      };
      await store.references.put(ref);
      await store.references.put({ ...ref, source: 'dataset', windowFrom: null, windowTo: null, rows: 7 });
      const got = await store.references.get('m');
      assert.equal(got?.source, 'dataset');
      assert.equal(got?.rows, 7);
      assert.deepEqual([...got!.profile], [...profile]);
      assert.equal(await store.references.get('other'), null);
      assert.equal(await store.references.delete('m'), true);
      assert.equal(await store.references.delete('m'), false);
      assert.equal(await store.references.get('m'), null);
    });
  });

  test(`${backend.name}: the cardinality registry keeps the first sighting of each name`, async () => {
    await withStore(backend, async (store, opened) => {
      const name = (kind: CardinalityName['kind'], n: string, at: number): CardinalityName => ({
        kind,
        model: 'm',
        name: n,
        keyId: kind === 'model' ? 'key-1' : null,
        firstSeenMs: at,
      });
      await store.cardinality.add([name('model', '', T0), name('endpoint', '/a', T0)]);
      await store.cardinality.add([name('endpoint', '/a', T0 + 99), name('feature', 'age', T0 + 1)]);
      const list = await (await opened.reopen()).cardinality.list();
      const key = (c: CardinalityName) => `${c.kind}:${c.name}@${c.firstSeenMs}`;
      assert.deepEqual(list.map(key).sort(), ['endpoint:/a@' + T0, 'feature:age@' + (T0 + 1), 'model:@' + T0].sort());
      assert.equal(list.find((c) => c.kind === 'model')!.keyId, 'key-1');
    });
  });
}
