// Erasure of a data subject on SQLite, proven on the bytes of the database files: after DELETE
// /api/v1/subjects/:id neither vigil.db nor vigil.db-wal holds the subject's id, its labels' text and request
// ids, or any 32-byte run of the compressed blocks that held its events — while the events of other subjects
// that shared those blocks, and their labels, are still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { startTestServer } from './helpers/test-server.js';

/** The main database file and its WAL, as bytes. */
function storeBytes(dataDir: string): Buffer {
  const files = ['vigil.db', 'vigil.db-wal'].map((f) => join(dataDir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

/** 32-byte runs of each blob, one every 128 bytes: the stored block as it sits in the file's pages. */
function runsOf(blobs: Buffer[]): Buffer[] {
  return blobs.flatMap((b) => {
    const out: Buffer[] = [];
    for (let at = 0; at + 32 <= b.length; at += 128) out.push(b.subarray(at, at + 32));
    return out;
  });
}

test('after an erasure the subject is gone from vigil.db and its WAL; the other subjects in its blocks stay', async () => {
  const s = await startTestServer();
  try {
    const tag = randomBytes(6).toString('hex');
    const ana = `ana-${tag}`;
    const bo = `bo-${tag}`;
    // One batch, so the subjects share blocks: ana, bo and nobody in turn, two models.
    const events = Array.from({ length: 90 }, (_, i) => {
      const who = [ana, bo, undefined][i % 3];
      return {
        model: i < 60 ? 'gdpr-files' : 'gdpr-files-2',
        requestId: `req-${who ?? 'nobody'}-${i}`,
        latencyMs: 5,
        // Not the subject id: model-health profiles keep the most frequent values of string features, and they
        // are not erased (docs/gdpr.md, "What is not erased").
        features: { comment: `said something ${i}` },
        ...(who ? { subjectId: who } : {}),
      };
    });
    const ingest = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: { events },
    });
    assert.equal(ingest.statusCode, 200, ingest.body);
    const labels = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/labels',
      headers: s.auth,
      payload: {
        labels: [
          { model: 'gdpr-files', requestId: `req-${ana}-0`, label: `label-text-${ana}` },
          { model: 'gdpr-files', requestId: `req-${ana}-3`, label: 'yes', subjectId: ana },
          { model: 'gdpr-files', requestId: `req-${bo}-1`, label: `label-text-${bo}`, subjectId: bo },
        ],
      },
    });
    assert.equal(labels.statusCode, 200, labels.body);
    await s.vigil.pipeline.flush();

    // The blocks holding ana's events, as stored (read through a second, read-only connection, closed again).
    const reader = new Database(join(s.dataDir, 'vigil.db'), { readonly: true });
    const blobs = (reader.prepare('SELECT events FROM event_blocks').pluck().all() as Buffer[]).map((b) =>
      Buffer.from(b),
    );
    reader.close();
    assert.ok(blobs.length >= 2, `${blobs.length} blocks`);
    const runs = runsOf(blobs);

    const before = storeBytes(s.dataDir);
    for (const marker of [ana, `label-text-${ana}`, `req-${ana}-0`, bo, `label-text-${bo}`])
      assert.ok(before.includes(marker), `${marker} is in the files before the erasure (the check can see it)`);
    const foundBefore = runs.filter((r) => before.includes(r)).length;
    assert.ok(foundBefore > runs.length * 0.9, `${foundBefore} of ${runs.length} runs of the blocks found before`);

    const erase = await s.vigil.app.inject({ method: 'DELETE', url: `/api/v1/subjects/${ana}`, headers: s.auth });
    assert.equal(erase.statusCode, 200, erase.body);
    assert.equal(erase.json().events, 30);
    assert.equal(erase.json().labels, 2);
    assert.equal(erase.json().blocksRewritten, 2);

    const after = storeBytes(s.dataDir);
    for (const marker of [ana, `label-text-${ana}`, `req-${ana}-0`, `req-${ana}-3`])
      assert.ok(!after.includes(marker), `${marker} is still in vigil.db or vigil.db-wal`);
    const foundAfter = runs.filter((r) => after.includes(r));
    assert.equal(foundAfter.length, 0, 'runs of the old blocks are still in the files');
    // bo's label is still in the file, and bo's and nobody's events still read back whole.
    assert.ok(after.includes(`label-text-${bo}`));
    const held = await s.vigil.app.inject({ url: `/api/v1/subjects/${bo}`, headers: s.auth });
    assert.equal(held.json().counts.events, 30);
    assert.deepEqual(
      held
        .json()
        .events.map((e: { event: { features: { comment: string } } }) => e.event.features.comment)
        .slice(0, 2),
      ['said something 1', 'said something 4'],
    );
    const page = await s.vigil.app.inject({ url: '/api/v1/events?model=gdpr-files&limit=100', headers: s.auth });
    const kept = page.json().events as Array<{ requestId: string }>;
    assert.equal(kept.length, 40);
    assert.ok(kept.every((e) => !e.requestId.includes(ana)));
    const none = await s.vigil.app.inject({ url: `/api/v1/subjects/${ana}`, headers: s.auth });
    assert.equal(none.json().counts.events + none.json().counts.labels, 0);
    assert.equal(none.json().previousErasures.length, 1);
  } finally {
    await s.close();
  }
});
