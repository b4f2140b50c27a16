import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type EventRecord, type Store, type StoredEventRecord } from '../src/storage/index.js';
import { eventRecord } from './helpers/event-record.js';
import { SQLITE_MIGRATIONS } from '../src/storage/sqlite/sqlite-migrations.js';
import { requestKey } from '../src/storage/request-key.js';

const T0 = Date.UTC(2026, 10, 27, 10);
const HOUR = 3_600_000;

function record(model: string, requestId: string, ts: number, receivedAtMs = T0 + 5 * HOUR): EventRecord {
  const sent = {
    model,
    requestId,
    timestamp: ts,
    endpoint: 'POST /p',
    latencyMs: 3,
    modelType: 'regression' as const,
    features: { x: ts % 7 },
    prediction: requestId.length,
  };
  return eventRecord(sent, receivedAtMs);
}

async function withStore(fn: (store: Store, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-events-'));
  const store = await openStore({ dataDir: dir, sync: 'normal', busyTimeoutMs: 5000 });
  try {
    await fn(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What GET /api/v1/events must return: filtered, newest first (ts, then id). */
function expected(all: StoredEventRecord[], f: (e: StoredEventRecord) => boolean): string[] {
  return all
    .filter(f)
    .sort((a, b) => b.timestampMs - a.timestampMs || b.id - a.id)
    .map((e) => `${e.id}`);
}

test('events in blocks: every page of every query equals a brute-force sort of all events, across models, hours and batches', async () => {
  await withStore(async (store) => {
    // 1,200 events in 13 batches of mixed models, timestamps spread over 9 hours, out of order within batches.
    let n = 0;
    for (let b = 0; b < 13; b++) {
      const batch: EventRecord[] = [];
      for (let i = 0; i < 92 + (b % 3); i++, n++) {
        const model = ['alpha', 'beta', 'gamma'][(n * 7) % 3 === 0 ? 0 : n % 5 === 0 ? 2 : 1]!;
        batch.push(record(model, `r${n % 700}`, T0 + ((n * 7919) % (9 * HOUR)) - (n % 11 === 0 ? 0 : 1)));
      }
      await store.events.appendEvents(batch);
    }
    const all = await store.events.scanEventsAfter(0, 100_000);
    assert.equal(all.length, n);
    assert.deepEqual(
      all.map((e) => e.id),
      Array.from({ length: n }, (_, i) => i + 1),
      'ids are consecutive in arrival order',
    );

    const queries = [
      { limit: 50 },
      { model: 'beta', limit: 37 },
      { model: 'gamma', fromMs: T0 + 2 * HOUR, toMs: T0 + 5 * HOUR + 17, limit: 25 },
      { fromMs: T0 + HOUR / 2, limit: 100 },
      { toMs: T0 + 3 * HOUR, limit: 7 },
    ];
    for (const q of queries) {
      const want = expected(
        all,
        (e) =>
          (q.model === undefined || e.model === q.model) &&
          (q.fromMs === undefined || e.timestampMs >= q.fromMs) &&
          (q.toMs === undefined || e.timestampMs < q.toMs),
      );
      const got: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.events.findEvents({ ...q, cursor });
        assert.ok(page.events.length <= q.limit);
        got.push(...page.events.map((e) => `${e.id}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(got, want, JSON.stringify(q));
    }

    // By requestId: with the model, and across models; indexed and not yet.
    const byId = (model?: string) =>
      expected(all, (e) => e.requestId === 'r42' && (model === undefined || e.model === model));
    for (const indexed of [false, true]) {
      assert.deepEqual(
        (await store.events.findEvents({ requestId: 'r42', limit: 100 })).events.map((e) => `${e.id}`),
        byId(),
        `any model, indexed ${indexed}`,
      );
      assert.deepEqual(
        (await store.events.findEvents({ requestId: 'r42', model: 'beta', limit: 100 })).events.map((e) => `${e.id}`),
        byId('beta'),
      );
      const found = await store.events.findByRequestIds('alpha', ['r1', 'r2', 'r699', 'none']);
      assert.deepEqual(
        found.map((e) => e.id),
        all.filter((e) => e.model === 'alpha' && ['r1', 'r2', 'r699'].includes(e.requestId)).map((e) => e.id),
      );
      await store.rollups.commitFlush({ cells: [], sightings: [], watermark: n });
      // Brute force: beta's events whose requestId an earlier beta event had.
      const seen = new Set<string>();
      const dupes = all.filter(
        (e) => e.model === 'beta' && (seen.has(e.requestId) || (seen.add(e.requestId), false)),
      ).length;
      assert.ok(dupes > 0);
      assert.equal(await store.events.countDuplicateRequestIds('beta', 0, T0 + 10 * HOUR), dupes);
    }

    // Replay pages: contiguous, starting anywhere inside a block.
    const tail = await store.events.scanEventsAfter(333, 200);
    assert.ok(tail.length >= 200);
    assert.deepEqual(
      tail.map((e) => e.id),
      Array.from({ length: tail.length }, (_, i) => 334 + i),
    );
    assert.deepEqual(tail[0], all[333], 'every column and the body come back as stored');
  });
});

test('a request stored whole keeps its JSON text; blocks mixing such requests and serialised events read back in order', async () => {
  await withStore(async (store) => {
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => record('m', `q${from + i}`, T0 + from + i));
    const a = batch(0, 3);
    const b = batch(3, 2);
    const c = batch(5, 4);
    // Sent with odd spacing and a key order of its own: the text is kept as it came.
    const cText = `{ "events" : [ ${c.map((r) => JSON.stringify(r.event)).join(' ,\n')} ] }`;
    // One group commit: the three batches share a block (one model, one hour).
    const ranges = await Promise.all([
      store.events.appendEvents(a, JSON.stringify({ events: a.map((r) => r.event) })),
      store.events.appendEvents(b),
      store.events.appendEvents(c, cText),
    ]);
    assert.deepEqual(ranges, [
      { firstId: 1, lastId: 3 },
      { firstId: 4, lastId: 5 },
      { firstId: 6, lastId: 9 },
    ]);
    const back = await store.events.scanEventsAfter(0, 100);
    assert.deepEqual(
      back.map((e) => [e.id, e.requestId, e.event]),
      [...a, ...b, ...c].map((r, i) => [i + 1, r.requestId, r.event]),
    );
    // A request spanning two hours cannot be one block: its events are serialised instead.
    const split = [record('m', 'late', T0 + HOUR - 1), record('m', 'next', T0 + HOUR)];
    await store.events.appendEvents(split, JSON.stringify({ events: split.map((r) => r.event) }));
    assert.deepEqual(
      (await store.events.scanEventsAfter(9, 100)).map((e) => e.event),
      split.map((r) => r.event),
    );
  });
});

test('duplicates count earlier events of the same model and requestId; a key shared by another pair is not a duplicate', async () => {
  await withStore(async (store, dir) => {
    await store.events.appendEvents([record('m', 'a', T0), record('m', 'b', T0 + 1), record('other', 'a', T0 + 2)]);
    assert.equal(
      await store.events.countDuplicateRequestIds('m', 0, T0 + HOUR),
      0,
      'the same requestId in another model is not a duplicate',
    );
    // Make 'c' collide with 'a': its key now points at the event of 'a' (a 53-bit collision is too rare to find).
    const db = new Database(join(dir, 'vigil.db'));
    db.prepare('INSERT INTO request_index (key, event_id) VALUES (?, 1)').run(requestKey('m', 'c'));
    db.close();
    await store.events.appendEvents([
      record('m', 'c', T0 + 3),
      record('m', 'a', T0 + 4),
      record('m', 'c', T0 + 5),
      record('m', 'a', T0 + 6),
    ]);
    assert.equal(
      await store.events.countDuplicateRequestIds('m', 0, T0 + HOUR),
      3,
      'a twice again and c once (its first occurrence only shares a key)',
    );
    assert.equal(await store.events.countDuplicateRequestIds('m', T0 + 5, T0 + HOUR), 2, 'by event time');
    const c = await store.events.findByRequestIds('m', ['c']);
    assert.deepEqual(
      c.map((e) => e.timestampMs),
      [T0 + 3, T0 + 5],
      'the colliding event is filtered out',
    );
  });
});

test('of two events with one requestId indexed together, the later one is the duplicate, at its own time', async () => {
  await withStore(async (store) => {
    // Many keys in one bulk, so the key order differs from the id order; then one repeated pair per batch.
    await store.events.appendEvents(Array.from({ length: 500 }, (_, i) => record('m', `k${i}`, T0 + i)));
    await store.events.appendEvents([
      record('m', 'dup', T0 + 10 * 60_000),
      record('m', 'x', T0),
      record('m', 'dup', T0 + 20 * 60_000),
    ]);
    assert.equal(
      await store.events.countDuplicateRequestIds('m', T0 + 15 * 60_000, T0 + HOUR),
      1,
      'the later one, at its time',
    );
    assert.equal(
      await store.events.countDuplicateRequestIds('m', 0, T0 + 15 * 60_000),
      0,
      'the first one is not a duplicate',
    );
  });
});

test('retention removes whole blocks and their index entries; ids continue after the last one', async () => {
  await withStore(async (store, dir) => {
    await store.events.appendEvents(Array.from({ length: 300 }, (_, i) => record('m', `old${i}`, T0 + i, T0)));
    await store.rollups.commitFlush({ cells: [], sightings: [], watermark: 300 });
    assert.equal(await store.events.countDuplicateRequestIds('m', 0, T0 + HOUR), 0);
    await store.events.appendEvents(
      Array.from({ length: 10 }, (_, i) => record('m', `new${i}`, T0 + HOUR + i, T0 + 2 * HOUR)),
    );
    assert.equal(await store.events.pruneEventsBefore(T0 + HOUR), 300);
    const db = new Database(join(dir, 'vigil.db'), { readonly: true });
    assert.equal(
      db.prepare('SELECT count(*) FROM request_index').pluck().get(),
      0,
      'index entries of pruned events are gone',
    );
    db.close();
    assert.equal((await store.events.findByRequestIds('m', ['old5'])).length, 0);
    const { firstId } = await store.events.appendEvents([record('m', 'later', T0 + HOUR)]);
    assert.equal(firstId, 311);
  });
});

test('migration 10 moves events rows into blocks, keeping ids, and the index is rebuilt with duplicates', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-migrate-'));
  try {
    const db = new Database(join(dir, 'vigil.db'));
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version < 10)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const insert = db.prepare(
      `INSERT INTO events (id, model, request_id, ts, received_at, endpoint, status, error_type, latency_ms, cost_usd, input_tokens, output_tokens, ttft_ms, model_type, model_version, body, price_version)
       VALUES (?, ?, ?, ?, ?, 'POST /p', 'ok', NULL, 4, 0.5, NULL, NULL, NULL, 'llm', 'v1', ?, 2)`,
    );
    // Ids with a gap (a rolled-back insert) and interleaved models.
    const ids = [1, 2, 3, 5, 6, 7, 8];
    ids.forEach((id, i) =>
      insert.run(
        id,
        i % 3 === 2 ? 'y' : 'x',
        `q${i % 4}`,
        T0 + (i * HOUR) / 4,
        T0,
        JSON.stringify({
          model: 'x',
          endpoint: 'POST /p',
          latencyMs: 4,
          modelType: 'llm',
          modelVersion: 'v1',
          prediction: i,
        }),
      ),
    );
    db.prepare("INSERT INTO request_keys VALUES ('x', 'q0', 1)").run();
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'request_key_watermark'").run();
    db.close();

    const store = await openStore({ dataDir: dir, sync: 'normal', busyTimeoutMs: 5000 });
    try {
      const all = await store.events.scanEventsAfter(0, 100);
      assert.deepEqual(
        all.map((e) => e.id),
        ids,
      );
      assert.deepEqual(all[3], {
        id: 5,
        model: 'x',
        requestId: 'q3',
        timestampMs: T0 + (3 * HOUR) / 4,
        receivedAtMs: T0,
        endpoint: 'POST /p',
        status: 'ok',
        errorType: null,
        latencyMs: 4,
        costUsd: 0.5,
        inputTokens: null,
        outputTokens: null,
        ttftMs: null,
        modelType: 'llm',
        modelVersion: 'v1',
        priceVersion: 2,
        event: { model: 'x', endpoint: 'POST /p', latencyMs: 4, modelType: 'llm', modelVersion: 'v1', prediction: 3 },
      });
      // x has q0 at ids 1 and 6 (i = 0, 4): one duplicate once the index is rebuilt.
      assert.equal(await store.events.countDuplicateRequestIds('x', 0, T0 + 10 * HOUR), 1);
      assert.deepEqual(
        (await store.events.findByRequestIds('x', ['q0'])).map((e) => e.id),
        [1, 6],
      );
      const { firstId } = await store.events.appendEvents([record('x', 'n', T0)]);
      assert.equal(firstId, 9);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('events sent without a requestId get one from the store: derived from the event id, found without the index, the same after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-assigned-'));
  const open = () => openStore({ dataDir: dir, sync: 'normal', busyTimeoutMs: 5000 });
  try {
    let store = await open();
    const batch = [
      record('m', 'sent', T0),
      { ...record('m', 'x', T0 + 1), requestId: null },
      { ...record('m', 'x', T0 + 2), requestId: null },
    ];
    const { firstId } = await store.events.appendEvents(batch, JSON.stringify({ events: batch.map((r) => r.event) }));
    const [, a, b] = batch.map((r) => r.requestId!);
    assert.match(
      a!,
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      'written into the record',
    );
    assert.equal(parseInt(b!.slice(-12), 16), firstId + 2, 'the last 48 bits are the event id');
    assert.equal(a!.slice(0, 24), b!.slice(0, 24), 'one prefix per store');
    assert.deepEqual(
      (await store.events.findByRequestIds('m', [b!, a!, 'sent'])).map((e) => [e.id, e.requestId]),
      [
        [1, 'sent'],
        [2, a],
        [3, b],
      ],
    );
    assert.deepEqual((await store.events.findByRequestIds('other', [a!])).length, 0, 'another model');
    assert.equal(await store.events.countDuplicateRequestIds('m', 0, T0 + HOUR), 0);
    const db = new Database(join(dir, 'vigil.db'), { readonly: true });
    assert.deepEqual(
      db.prepare('SELECT event_id FROM request_index').pluck().all(),
      [1],
      'only the sent id is indexed',
    );
    db.close();
    await store.close();

    store = await open();
    try {
      assert.deepEqual(
        (await store.events.scanEventsAfter(0, 10)).map((e) => e.requestId),
        ['sent', a, b],
        'read back the same after a restart',
      );
      assert.deepEqual(
        (await store.events.findEvents({ requestId: b!, limit: 10 })).events.map((e) => e.id),
        [3],
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
