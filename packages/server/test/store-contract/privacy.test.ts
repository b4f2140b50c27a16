// The PiiPolicyStore and SecuritySignalStore contracts (storage/contracts/privacy-store.ts,
// security-signal-store.ts). Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PiiPolicy } from '@vigil/protocol';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 11, 5, 10);
const MIN = 60_000;
const fields = { features: true, tags: true, llmText: true };

for (const backend of backends) {
  test(`${backend.name}: personal-data policies are kept per use case and as the default, replaced and removed`, async () => {
    await withStore(backend, async (store, opened) => {
      assert.deepEqual(await store.piiPolicies.list(), []);
      const strict: PiiPolicy = { actions: { email: 'hash', ssn: 'drop', card: 'token' }, fields };
      await store.piiPolicies.put({ useCase: 'uc-loans', policy: strict, updatedAtMs: T0, updatedBy: 'user:ines' });
      await store.piiPolicies.put({
        useCase: null,
        policy: { actions: { email: 'mask' }, fields },
        updatedAtMs: T0,
        updatedBy: null,
      });
      await store.piiPolicies.put({
        useCase: 'uc-loans',
        policy: { ...strict, actions: { ...strict.actions, ip: 'mask' } },
        updatedAtMs: T0 + 1,
        updatedBy: 'user:ana',
      });
      store = await opened.reopen();
      const list = await store.piiPolicies.list();
      assert.deepEqual(
        list.map((r) => [r.useCase, r.updatedAtMs, r.updatedBy]),
        [
          [null, T0, null],
          ['uc-loans', T0 + 1, 'user:ana'],
        ],
      );
      assert.deepEqual(list[1]!.policy.actions, { email: 'hash', ssn: 'drop', card: 'token', ip: 'mask' });
      assert.equal(await store.piiPolicies.delete('uc-loans'), true);
      assert.equal(await store.piiPolicies.delete('uc-loans'), false);
      assert.equal(await store.piiPolicies.delete(''), false, 'the default is replaced, never deleted');
      assert.deepEqual(
        (await store.piiPolicies.list()).map((r) => r.useCase),
        [null],
      );
    });
  });

  test(`${backend.name}: security signals add up per minute and subject, are summed over a window and pruned`, async () => {
    await withStore(backend, async (store) => {
      const s = store.securitySignals;
      await s.add([
        { signal: 'failedLogins', subject: '', minuteMs: T0, count: 3 },
        { signal: 'failedLogins', subject: '', minuteMs: T0, count: 2 },
        { signal: 'failedLogins', subject: '', minuteMs: T0 + MIN, count: 4 },
        { signal: 'keyRequests', subject: 'k1', minuteMs: T0, count: 10 },
        { signal: 'keyRequests', subject: 'k2', minuteMs: T0 + 2 * MIN, count: 7 },
      ]);
      // A second node adds to the same minute.
      await s.add([{ signal: 'failedLogins', subject: '', minuteMs: T0 + MIN, count: 1 }]);
      assert.deepEqual(await s.sumBySubject('failedLogins', T0, T0 + 2 * MIN), [{ subject: '', count: 10 }]);
      assert.deepEqual(await s.sumBySubject('failedLogins', T0 + MIN, T0 + 2 * MIN), [{ subject: '', count: 5 }]);
      assert.deepEqual(await s.sumBySubject('keyRequests', T0, T0 + 3 * MIN), [
        { subject: 'k1', count: 10 },
        { subject: 'k2', count: 7 },
      ]);
      assert.deepEqual(await s.sumBySubject('keyRequests', T0 + MIN, T0 + 2 * MIN), []);
      assert.equal(await s.prune(T0 + MIN), 2);
      assert.deepEqual(await s.sumBySubject('failedLogins', 0, T0 + 10 * MIN), [{ subject: '', count: 5 }]);
    });
  });
}
