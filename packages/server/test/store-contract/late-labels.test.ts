// The late label join's part of the store contracts (EventStore.scanLateLabels, RollupStore.commitLateLabels): a
// label stored unmatched is found again once its prediction is committed, and committing its join marks it, adds
// its window deltas and moves the scan mark at once — never twice. Runs against every backend in backends.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelWindowAggregator } from '../../src/analysis/model-health/index.js';
import { joinLateLabels } from '../../src/ingest/late-label-job.js';
import type { EventRecord, LabelRecord, PendingLabel, Store } from '../../src/storage/index.js';
import { eventRecord } from '../helpers/event-record.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const event = (model: string, requestId: string, ts: number, prediction: string): EventRecord =>
  eventRecord(
    {
      model,
      endpoint: 'POST /p',
      modelType: 'classification',
      prediction,
      requestId,
      timestamp: new Date(ts).toISOString(),
    },
    ts,
  );

const label = (model: string, requestId: string, value: string, receivedAtMs = T0): LabelRecord => ({
  model,
  requestId,
  label: JSON.stringify(value),
  timestampMs: receivedAtMs,
  receivedAtMs,
  isMatched: false,
});

/** The windows of a scan's labels joined to the given predictions (what the late join commits). */
function scored(labels: PendingLabel[], predictionOf: (l: PendingLabel) => string) {
  const agg = new ModelWindowAggregator();
  for (const l of labels)
    agg.addLabel(
      {
        model: l.model,
        endpoint: 'POST /p',
        modelType: 'classification',
        timestampMs: T0,
        prediction: predictionOf(l),
      },
      JSON.parse(l.label) as string,
    );
  return agg.drain();
}

async function labelsScored(store: Store, model: string): Promise<number> {
  const ws = await store.rollups.readWindows(model, T0 - DAY, T0 + DAY);
  return ws.reduce((s, w) => s + w.labels, 0);
}

for (const backend of backends) {
  test(`${backend.name}: a label stored before its prediction is scanned again once the prediction is committed, and joined once`, async () => {
    await withStore(backend, async (store) => {
      await store.events.appendLabels([label('m', 'early', 'yes'), label('m', 'never', 'no')]);
      const before = await store.events.scanLateLabels(T0 - DAY, { labels: 100, events: 100 });
      assert.deepEqual(
        before.labels.map((l) => l.requestId),
        ['early', 'never'],
        'labels stored since the mark are tried once',
      );
      assert.ok(before.labels.every((l) => l.isMatched === false));
      // Nothing found: only the mark moves.
      assert.equal(
        await store.rollups.commitLateLabels({ labelIds: [], windows: [], joinedAtMs: T0, mark: before.mark }),
        true,
      );
      assert.deepEqual(
        (await store.events.scanLateLabels(T0 - DAY, { labels: 100, events: 100 })).labels,
        [],
        'nothing new since the mark',
      );

      await store.events.appendEvents([event('m', 'early', T0 + 5, 'yes'), event('m', 'other', T0 + 6, 'no')]);
      const scan = await store.events.scanLateLabels(T0 - DAY, { labels: 100, events: 100 });
      assert.deepEqual(
        scan.labels.map((l) => l.requestId),
        ['early'],
        'found through the new event’s request key; "never" is not tried again',
      );
      assert.equal(scan.hasMore, false);
      const commit = { labelIds: [scan.labels[0]!.id], joinedAtMs: T0 + 10, mark: scan.mark };
      assert.equal(
        await store.rollups.commitLateLabels({ ...commit, windows: scored(scan.labels, () => 'yes') }),
        true,
      );
      assert.equal(await labelsScored(store, 'm'), 1);
      assert.deepEqual(await store.events.countLabels('m', T0 - DAY, T0 + DAY), {
        received: 2,
        known: 2,
        unmatched: 1,
        joinedLate: 1,
      });

      // The same join committed again (a second node, a retry) writes nothing: not the windows, not the mark.
      assert.equal(
        await store.rollups.commitLateLabels({ ...commit, windows: scored(scan.labels, () => 'yes') }),
        false,
      );
      assert.equal(await labelsScored(store, 'm'), 1);
      // A joined label is no longer pending: a duplicate of its prediction does not bring it back.
      await store.events.appendEvents([event('m', 'early', T0 + 20, 'no')]);
      assert.deepEqual((await store.events.scanLateLabels(T0 - DAY, { labels: 100, events: 100 })).labels, []);
      // Replay (scanLabelsAfter) tells the labels stored unmatched apart, so it leaves them to the late join.
      assert.deepEqual(
        (await store.events.scanLabelsAfter(0, 10)).map((l) => [l.requestId, l.isMatched]),
        [
          ['early', false],
          ['never', false],
        ],
      );
    });
  });

  test(`${backend.name}: two commits of the same late labels race: exactly one lands`, async () => {
    await withStore(backend, async (store) => {
      await store.events.appendLabels([label('m', 'a', 'yes'), label('m', 'b', 'no')]);
      await store.events.appendEvents([event('m', 'a', T0 + 1, 'yes'), event('m', 'b', T0 + 2, 'yes')]);
      const scan = await store.events.scanLateLabels(T0 - DAY, { labels: 100, events: 100 });
      assert.equal(scan.labels.length, 2);
      const commit = () =>
        store.rollups.commitLateLabels({
          labelIds: scan.labels.map((l) => l.id),
          windows: scored(scan.labels, () => 'yes'),
          joinedAtMs: T0,
          mark: scan.mark,
        });
      const results = await Promise.all([commit(), commit(), commit()]);
      assert.deepEqual(
        results.filter((r) => r),
        [true],
      );
      assert.equal(await labelsScored(store, 'm'), 2);
      assert.equal((await store.events.countLabels('m', T0 - DAY, T0 + DAY)).joinedLate, 2);
    });
  });

  test(`${backend.name}: the scan skips labels received before the bound and reads big backlogs in bounded pages`, async () => {
    await withStore(backend, async (store) => {
      await store.events.appendLabels([label('m', 'old', 'yes', T0 - 8 * DAY)]);
      await store.events.appendLabels(Array.from({ length: 25 }, (_, i) => label('m', `r${i}`, 'yes')));
      await store.events.appendEvents([event('m', 'old', T0, 'yes')]);
      const seen: string[] = [];
      let pages = 0;
      for (;;) {
        const scan = await store.events.scanLateLabels(T0 - 7 * DAY, { labels: 10, events: 10 });
        assert.ok(scan.labels.length <= 20, 'at most a page of stored labels and one of labels found by key');
        seen.push(...scan.labels.map((l) => l.requestId));
        await store.rollups.commitLateLabels({ labelIds: [], windows: [], joinedAtMs: T0, mark: scan.mark });
        pages++;
        if (!scan.hasMore) break;
      }
      assert.ok(pages >= 3, `25 labels in pages of 10 (${pages} pages)`);
      assert.deepEqual(
        [...new Set(seen)].sort(),
        Array.from({ length: 25 }, (_, i) => `r${i}`).sort(),
        'every recent label tried, the one received 8 days ago never',
      );
      // A prediction for a label past the bound does not bring it back either.
      await store.events.appendEvents([event('m', 'old', T0 + 1, 'yes')]);
      assert.deepEqual((await store.events.scanLateLabels(T0 - 7 * DAY, { labels: 10, events: 10 })).labels, []);
    });
  });

  test(`${backend.name}: the late join scores labels whose predictions span 70 hourly windows (more than one commit holds), each once`, async () => {
    await withStore(backend, async (store) => {
      // 70 predictions an hour apart: 70 windows, committed 32 at a time.
      const n = 70;
      await store.events.appendLabels(Array.from({ length: n }, (_, i) => label('m', `h${i}`, i % 2 ? 'yes' : 'no')));
      await store.events.appendEvents(Array.from({ length: n }, (_, i) => event('m', `h${i}`, T0 - i * HOUR, 'yes')));
      assert.deepEqual(await joinLateLabels(store, T0), { tried: n, joined: n, isInterrupted: false });
      const windows = await store.rollups.readWindows('m', T0 - n * HOUR, T0 + HOUR);
      assert.equal(windows.length, n);
      assert.ok(windows.every((w) => w.labels === 1 && w.bucketStart <= T0));
      assert.deepEqual(await joinLateLabels(store, T0), { tried: 0, joined: 0, isInterrupted: false });
    });
  });
}
