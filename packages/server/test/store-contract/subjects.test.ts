// The PrivacyStore contract (storage/contracts/subject-store.ts): the subject index written with the events,
// export and erasure of one data subject — blocks rewritten without its events, every other event kept under
// its id — and the per-model pruning retention per use case uses. Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { EventRecord, LabelRecord, Store } from '../../src/storage/index.js';
import { eventRecord } from '../helpers/event-record.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const DAY = 86_400_000;

function event(
  model: string,
  requestId: string | null,
  ts: number,
  subjectId?: string,
  receivedAtMs = T0,
): EventRecord {
  return eventRecord(
    {
      model,
      endpoint: 'POST /p',
      latencyMs: 3,
      features: { note: `note-${requestId ?? 'assigned'}` },
      ...(subjectId !== undefined ? { subjectId } : {}),
      ...(requestId !== null ? { requestId } : {}),
      timestamp: ts,
    },
    receivedAtMs,
  );
}

const label = (model: string, requestId: string, subjectId: string | null, receivedAtMs = T0): LabelRecord => ({
  model,
  requestId,
  label: JSON.stringify(`label-of-${requestId}`),
  timestampMs: receivedAtMs,
  receivedAtMs,
  subjectId,
});

async function allEvents(store: Store, model: string) {
  return (await store.events.findEvents({ model, limit: 1000 })).events.sort((a, b) => a.id - b.id);
}

for (const backend of backends) {
  test(`${backend.name}: a subject's events and labels are found through the subject index, and erased from shared blocks`, async () => {
    await withStore(backend, async (store) => {
      const id = randomBytes(3).toString('hex');
      const [ana, bo] = [`ana-${id}`, `bo-${id}`];
      // One batch, one block: ana's events interleaved with bo's and with events of no subject.
      const batch = [
        event('m', 'r1', T0, ana),
        event('m', 'r2', T0 + 1, bo),
        event('m', null, T0 + 2),
        event('m', 'r4', T0 + 3, ana),
        event('m', 'r5', T0 + 4, bo),
        event('m', 'r6', T0 + 5),
      ];
      const { firstId } = await store.events.appendEvents(batch);
      await store.events.appendEvents([event('other', 'o1', T0 + 6, ana)]);
      await store.events.appendLabels([
        label('m', 'r1', null), // labels ana's event without naming her
        label('m', 'r2', bo),
        label('m', 'x9', ana), // sent for ana, joins nothing
        label('m', 'r6', null),
      ]);
      const before = await allEvents(store, 'm');
      assert.equal(before.length, 6);

      const held = await store.privacy.findSubject(ana, 100);
      assert.equal(held.eventCount, 3);
      assert.deepEqual(held.events.map((e) => e.requestId).sort(), ['o1', 'r1', 'r4']);
      assert.deepEqual(held.models, ['m', 'other']);
      assert.deepEqual(held.labels.map((l) => l.requestId).sort(), ['r1', 'x9']);
      assert.equal(held.isTruncated, false);
      const capped = await store.privacy.findSubject(ana, 1);
      assert.equal(capped.events.length, 1);
      assert.equal(capped.eventCount, 3);
      assert.equal(capped.isTruncated, true);

      const erased = await store.privacy.eraseSubject(ana);
      assert.deepEqual(erased, { events: 3, labels: 2, blocksRewritten: 2 });

      const after = await allEvents(store, 'm');
      // The others stay, under the ids they had, with their content.
      assert.deepEqual(
        after.map((e) => [e.id, e.requestId, e.event.subjectId ?? null, e.event.features?.note]),
        before
          .filter((e) => e.event.subjectId !== ana)
          .map((e) => [e.id, e.requestId, e.event.subjectId ?? null, e.event.features?.note]),
      );
      assert.equal(after[0]!.id, firstId + 1);
      assert.deepEqual(await allEvents(store, 'other'), []);
      assert.deepEqual(await store.events.findByRequestIds('m', ['r1', 'r4']), []);
      assert.deepEqual(
        (await store.events.findByRequestIds('m', ['r2', 'r5'])).map((e) => e.requestId),
        ['r2', 'r5'],
      );
      // Replay reads the kept events in id order, across the gaps.
      const replay = (await store.events.scanEventsAfter(firstId - 1, 100)).filter((e) => e.model === 'm');
      assert.deepEqual(
        replay.map((e) => e.id),
        after.map((e) => e.id),
      );

      const gone = await store.privacy.findSubject(ana, 100);
      assert.equal(gone.eventCount + gone.labelCount, 0);
      const kept = await store.privacy.findSubject(bo, 100);
      assert.deepEqual(
        kept.events.map((e) => e.requestId),
        ['r2', 'r5'],
      );
      assert.deepEqual(
        kept.labels.map((l) => l.requestId),
        ['r2'],
      );
      // The label of an event of no subject is untouched.
      assert.equal((await store.events.countLabels('m', 0, T0 + DAY)).received, 2);

      // Erasing bo too leaves only the events of no subject; erasing again changes nothing.
      assert.equal((await store.privacy.eraseSubject(bo)).events, 2);
      assert.deepEqual(
        (await allEvents(store, 'm')).map((e) => e.event.features?.note),
        [`note-assigned`, 'note-r6'],
      );
      assert.deepEqual(await store.privacy.eraseSubject(bo), { events: 0, labels: 0, blocksRewritten: 0 });
    });
  });

  test(`${backend.name}: retention per use case prunes one model's events, labels and rollups`, async () => {
    await withStore(backend, async (store) => {
      await store.privacy.putRetentionPolicy({
        useCaseId: 'uc-1',
        rawEventDays: 7,
        rollupDays: null,
        updatedAtMs: T0,
        updatedBy: 'user:ines',
      });
      await store.privacy.putRetentionPolicy({
        useCaseId: 'uc-1',
        rawEventDays: 5,
        rollupDays: 90,
        updatedAtMs: T0 + 1,
        updatedBy: 'user:ines',
      });
      assert.deepEqual(await store.privacy.listRetentionPolicies(), [
        { useCaseId: 'uc-1', rawEventDays: 5, rollupDays: 90, updatedAtMs: T0 + 1, updatedBy: 'user:ines' },
      ]);
      const old = T0 - 10 * DAY;
      await store.events.appendEvents([
        event('short', 's1', old, 'cy', old),
        event('short', 's2', old, undefined, old),
      ]);
      await store.events.appendEvents([event('long', 'l1', old, undefined, old)]);
      await store.events.appendEvents([event('short', 's3', T0, undefined, T0)]);
      await store.events.appendLabels([label('short', 's1', null, old), label('long', 'l1', null, old)]);
      const removed = await store.privacy.pruneModelEventsBefore(['short'], T0 - 5 * DAY);
      assert.deepEqual(removed, { events: 2, labels: 1 });
      assert.deepEqual(
        (await allEvents(store, 'short')).map((e) => e.requestId),
        ['s3'],
      );
      assert.equal((await allEvents(store, 'long')).length, 1);
      assert.equal((await store.privacy.findSubject('cy', 10)).eventCount, 0);
      assert.equal(await store.privacy.pruneModelRollupsBefore([], T0), 0);
    });
  });
}
