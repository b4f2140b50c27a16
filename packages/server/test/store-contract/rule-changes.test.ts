// The RuleChangeStore contract (storage/contracts/rule-change-store.ts): the rule change history keeps every
// record with its fields as JSON, lists newest first per rule, and survives a reopen. Runs against every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 11, 1, 9);

for (const backend of backends) {
  test(`${backend.name}: rule changes list newest first, per rule, with fields and reason, after a reopen`, () =>
    withStore(backend, async (store, opened) => {
      const a = await store.ruleChanges.add({
        ruleId: 'r1',
        at: T0,
        actor: 'alice',
        change: 'create',
        version: 1,
        fields: [],
        reason: null,
      });
      await store.ruleChanges.add({
        ruleId: 'r2',
        at: T0 + 1,
        actor: 'bob',
        change: 'create',
        version: 1,
        fields: [],
        reason: null,
      });
      const b = await store.ruleChanges.add({
        ruleId: 'r1',
        at: T0 + 2,
        actor: 'alice',
        change: 'update',
        version: 2,
        fields: [{ field: 'for', before: '1m', after: '3m' }],
        reason: 'tuning: for 1m → 3m',
      });
      assert.ok(b.id > a.id);
      const reopened = await opened.reopen();
      const r1 = await reopened.ruleChanges.list({ ruleId: 'r1' });
      assert.deepEqual(
        r1.map((c) => [c.change, c.version, c.actor]),
        [
          ['update', 2, 'alice'],
          ['create', 1, 'alice'],
        ],
      );
      assert.deepEqual(r1[0]!.fields, [{ field: 'for', before: '1m', after: '3m' }]);
      assert.equal(r1[0]!.reason, 'tuning: for 1m → 3m');
      assert.equal((await reopened.ruleChanges.list({})).length, 3);
      assert.equal((await reopened.ruleChanges.list({ limit: 1 }))[0]!.ruleId, 'r1');
      await reopened.ruleChanges.add({
        ruleId: 'r2',
        at: T0 + 3,
        actor: 'bob',
        change: 'delete',
        version: null,
        fields: [],
        reason: null,
      });
      assert.deepEqual(
        (await reopened.ruleChanges.list({ ruleId: 'r2' })).map((c) => [c.change, c.version]),
        [
          ['delete', null],
          ['create', 1],
        ],
      );
    }));
}
