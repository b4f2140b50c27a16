// The EventStore contract (storage/contracts/event-store.ts), and the ordering rule of storage/contracts/store.ts
// that ingest relies on: ids come from the store, one writer's appends resolve in id order, replay scans read
// id order. Written once; runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord, LabelRecord } from '../../src/storage/index.js';
import { eventRecord } from '../helpers/event-record.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const HOUR = 3_600_000;

const event = (model: string, requestId: string | null, ts: number, receivedAtMs = T0): EventRecord =>
  eventRecord(
    {
      model,
      endpoint: 'POST /p',
      latencyMs: 3,
      modelType: 'regression',
      prediction: 1,
      ...(requestId !== null ? { requestId } : {}),
      timestamp: new Date(ts).toISOString(),
    },
    receivedAtMs,
  );

const label = (model: string, requestId: string, ts: number, isMatched?: boolean): LabelRecord => ({
  model,
  requestId,
  label: '1',
  timestampMs: ts,
  receivedAtMs: ts,
  isMatched,
});

for (const backend of backends) {
  test(`${backend.name}: appends get contiguous ids from the store, resolve in id order, and ids never repeat after a reopen`, async () => {
    await withStore(backend, async (store, opened) => {
      const resolved: number[] = [];
      const batches = [3, 1, 4, 2].map((n, b) =>
        Array.from({ length: n }, (_, i) => event('m', `b${b}-${i}`, T0 + b * 1000 + i)),
      );
      // Concurrent appends of one writer: each range is contiguous, later calls get higher ids, and the promises
      // resolve in id order (ingest moves its watermark to each batch's last id as it resolves).
      const ranges = await Promise.all(
        batches.map((b) =>
          store.events.appendEvents(b).then((r) => {
            resolved.push(r.firstId);
            return r;
          }),
        ),
      );
      ranges.forEach((r, i) => assert.equal(r.lastId - r.firstId + 1, batches[i]!.length));
      for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i]!.firstId, ranges[i - 1]!.lastId + 1);
      assert.deepEqual(
        resolved,
        [...resolved].sort((a, b) => a - b),
        'resolved in id order',
      );
      const last = ranges.at(-1)!.lastId;

      const again = await opened.reopen();
      const next = await again.events.appendEvents([event('m', 'after-reopen', T0 + 10_000)]);
      assert.ok(next.firstId > last, `id ${next.firstId} after a reopen is above ${last}`);
    });
  });

  test(`${backend.name}: an event sent without a requestId gets one at append, readable and findable`, async () => {
    await withStore(backend, async (store) => {
      const records = [event('m', 'given', T0), event('m', null, T0 + 1)];
      const { lastId } = await store.events.appendEvents(records);
      const assigned = records[1]!.requestId;
      assert.equal(typeof assigned, 'string', 'written into the record');
      assert.ok(assigned!.length > 0);
      const found = await store.events.findByRequestIds('m', [assigned!, 'given']);
      assert.deepEqual(found.map((e) => e.requestId).sort(), [assigned, 'given'].sort());
      assert.equal(found.find((e) => e.requestId === assigned)!.id, lastId);
      const page = await store.events.findEvents({ requestId: assigned!, limit: 10 });
      assert.deepEqual(
        page.events.map((e) => e.id),
        [lastId],
      );
    });
  });

  test(`${backend.name}: scanEventsAfter reads events above an id in id order, a page at a time`, async () => {
    await withStore(backend, async (store) => {
      // Two models interleaved across hours: the scan is by id, not by model or time.
      const all = Array.from({ length: 30 }, (_, i) => event(i % 2 ? 'a' : 'b', `r${i}`, T0 + ((i * 7) % 5) * HOUR));
      await store.events.appendEvents(all.slice(0, 10));
      const { lastId: mid } = await store.events.appendEvents(all.slice(10, 20));
      await store.events.appendEvents(all.slice(20));
      const everything = await store.events.scanEventsAfter(0, 1000);
      assert.equal(everything.length, 30);
      assert.deepEqual(
        everything.map((e) => e.requestId),
        all.map((e) => e.requestId),
      );
      for (let i = 1; i < everything.length; i++) assert.ok(everything[i]!.id > everything[i - 1]!.id);
      const tail = await store.events.scanEventsAfter(mid, 1000);
      assert.deepEqual(
        tail.map((e) => e.requestId),
        all.slice(20).map((e) => e.requestId),
      );
      // Pages: from the last id of each page on, until empty; nothing skipped or repeated.
      const seen: number[] = [];
      for (let after = 0; ;) {
        const page = await store.events.scanEventsAfter(after, 7);
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.id));
        after = page.at(-1)!.id;
      }
      assert.deepEqual(
        seen,
        everything.map((e) => e.id),
      );
    });
  });

  test(`${backend.name}: findEvents filters by model and time, newest first, and pages with its cursor`, async () => {
    await withStore(backend, async (store) => {
      const records = Array.from({ length: 25 }, (_, i) => event(i < 20 ? 'm' : 'other', `q${i}`, T0 + i * 60_000));
      await store.events.appendEvents(records);
      const window = { model: 'm', fromMs: T0 + 5 * 60_000, toMs: T0 + 15 * 60_000 };
      const pages: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.events.findEvents({ ...window, limit: 4, cursor });
        pages.push(...page.events.map((e) => e.requestId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(
        pages,
        Array.from({ length: 10 }, (_, i) => `q${14 - i}`),
      );
      await assert.rejects(store.events.findEvents({ limit: 1, cursor: 'not-a-cursor' }), RangeError);
    });
  });

  test(`${backend.name}: findEvents walks many blocks whose times overlap, newest first, the same in pages as at once`, async () => {
    await withStore(backend, async (store) => {
      // 40 blocks (one append each) of two events at scattered minutes, a third model's block between them.
      const appended: Array<{ requestId: string; ts: number }> = [];
      for (let i = 0; i < 40; i++) {
        const batch = [
          event('m', `q${i}`, T0 + ((i * 7) % 40) * 60_000),
          event('m', `r${i}`, T0 + ((i * 13) % 40) * 60_000 + 1),
        ];
        await store.events.appendEvents(batch);
        await store.events.appendEvents([event('other', `o${i}`, T0 + i * 60_000)]);
        appended.push({ requestId: `q${i}`, ts: T0 + ((i * 7) % 40) * 60_000 });
        appended.push({ requestId: `r${i}`, ts: T0 + ((i * 13) % 40) * 60_000 + 1 });
      }
      // Newest first; equal times by id, i.e. the later append first.
      const expected = appended
        .map((e, order) => ({ ...e, order }))
        .sort((a, b) => b.ts - a.ts || b.order - a.order)
        .map((e) => e.requestId);
      const all = await store.events.findEvents({ model: 'm', limit: 1000 });
      assert.deepEqual(
        all.events.map((e) => e.requestId),
        expected,
      );
      assert.equal(all.nextCursor, null);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.events.findEvents({ model: 'm', limit: 3, cursor });
        paged.push(...page.events.map((e) => e.requestId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(paged, expected);
      const window = await store.events.findEvents({
        model: 'm',
        fromMs: T0 + 10 * 60_000,
        toMs: T0 + 20 * 60_000,
        limit: 5,
      });
      assert.deepEqual(
        window.events.map((e) => e.requestId),
        appended
          .map((e, order) => ({ ...e, order }))
          .filter((e) => e.ts >= T0 + 10 * 60_000 && e.ts < T0 + 20 * 60_000)
          .sort((a, b) => b.ts - a.ts || b.order - a.order)
          .slice(0, 5)
          .map((e) => e.requestId),
      );
    });
  });

  test(`${backend.name}: labels: ids increase, scanLabelsAfter reads them in order, countLabels counts matches`, async () => {
    await withStore(backend, async (store) => {
      const first = await store.events.appendLabels([label('m', 'a', T0, true), label('m', 'b', T0 + 1, false)]);
      const second = await store.events.appendLabels([label('m', 'c', T0 + 2), label('x', 'd', T0 + 3, true)]);
      assert.ok(second.lastId > first.lastId);
      const scanned = await store.events.scanLabelsAfter(0, 100);
      assert.deepEqual(
        scanned.map((l) => l.requestId),
        ['a', 'b', 'c', 'd'],
      );
      assert.deepEqual(
        (await store.events.scanLabelsAfter(first.lastId, 100)).map((l) => l.requestId),
        ['c', 'd'],
      );
      // 'c' was stored before match results were recorded: received, not known.
      assert.deepEqual(await store.events.countLabels('m', T0, T0 + 10), {
        received: 3,
        known: 2,
        unmatched: 1,
        joinedLate: 0,
      });
      // Replay reads whether each label matched at ingest ('c' has no record of it).
      assert.deepEqual(
        scanned.map((l) => l.isMatched),
        [true, false, undefined, true],
      );
    });
  });

  test(`${backend.name}: duplicates are later events of the same model and requestId`, async () => {
    await withStore(backend, async (store) => {
      await store.events.appendEvents([event('m', 'dup', T0), event('m', 'once', T0 + 1), event('n', 'dup', T0 + 2)]);
      await store.events.appendEvents([event('m', 'dup', T0 + 3)]);
      assert.equal(await store.events.countDuplicateRequestIds('m', T0, T0 + HOUR), 1);
      assert.equal(await store.events.countDuplicateRequestIds('n', T0, T0 + HOUR), 0);
      const both = await store.events.findByRequestIds('m', ['dup']);
      assert.equal(both.length, 2, 'both stored, several per id when duplicated');
    });
  });

  test(`${backend.name}: pruneEventsBefore removes events received before the cut-off; rollups and labels stay`, async () => {
    await withStore(backend, async (store) => {
      await store.events.appendEvents([event('m', 'old1', T0, T0), event('m', 'old2', T0 + 1, T0)]);
      await store.events.appendEvents([event('m', 'new', T0 + 2, T0 + 2 * HOUR)]);
      await store.events.appendLabels([label('m', 'old1', T0)]);
      assert.equal(await store.events.pruneEventsBefore(T0 + HOUR), 2);
      assert.deepEqual(
        (await store.events.scanEventsAfter(0, 100)).map((e) => e.requestId),
        ['new'],
      );
      assert.equal((await store.events.scanLabelsAfter(0, 100)).length, 1);
    });
  });
}
