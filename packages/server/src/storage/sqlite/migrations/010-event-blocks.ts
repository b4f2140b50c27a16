import type Database from 'better-sqlite3';
import { BlockBuilder } from '../../event-blocks.js';
import type { EventRecord } from '../../contracts/index.js';
import type { Migration } from './migration.js';

const PAGE = 10_000;

export const eventBlocks: Migration = {
  version: 10,
  name: "events stored in blocks (one row per run of a model's events) with a request-key index",
  sql: `
    -- One row per run of consecutive events of one model within one UTC hour (storage/sqlite/event-blocks.ts).
    CREATE TABLE event_blocks (
      id INTEGER PRIMARY KEY,        -- the id of the block's first event; its events are id .. last_id
      last_id INTEGER NOT NULL,
      model TEXT NOT NULL,
      min_ts INTEGER NOT NULL,
      max_ts INTEGER NOT NULL,       -- max_ts - min_ts < 1 hour
      received_at INTEGER NOT NULL,  -- the earliest receipt time of its events
      keys TEXT NOT NULL,            -- JSON array: each event's request key (storage/request-key.ts)
      times TEXT NOT NULL,           -- JSON array: each event's timestamp - min_ts
      events BLOB NOT NULL           -- JSON array, Brotli-compressed: each event's columns and body
    );
    CREATE INDEX event_blocks_model_ts ON event_blocks (model, max_ts);
    CREATE INDEX event_blocks_ts ON event_blocks (max_ts);

    -- The first event stored under each request key, bulk-inserted in key order every ~10 s up to
    -- meta.request_key_watermark (a random-key b-tree on the insert path dirtied a page per event).
    CREATE TABLE request_index (
      key INTEGER PRIMARY KEY,
      event_id INTEGER NOT NULL
    );
    -- Later events under a key already indexed: duplicates of an earlier (model, requestId), or not when
    -- two pairs merely share a key.
    CREATE TABLE request_repeats (
      key INTEGER NOT NULL,
      event_id INTEGER NOT NULL,
      model TEXT NOT NULL,
      ts INTEGER NOT NULL,
      duplicate INTEGER NOT NULL,
      PRIMARY KEY (key, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX request_repeats_duplicates ON request_repeats (model, ts) WHERE duplicate = 1;
  `,
  /** Moves stored events into blocks, keeping their ids; the index is rebuilt by the next flush. */
  run(db: Database.Database) {
    const page = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?');
    const insert = db.prepare(
      'INSERT INTO event_blocks (id, last_id, model, min_ts, max_ts, received_at, keys, times, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let after = 0;
    for (;;) {
      const rows = page.all(after, PAGE) as Array<Record<string, string | number | null> & { id: number }>;
      if (rows.length === 0) break;
      // Blocks number their events consecutively, so a gap in the ids (a rolled-back insert) ends a run.
      const builder = new BlockBuilder();
      let runStart = rows[0]!.id;
      const write = (nextId: number) => {
        let id = runStart;
        for (const b of builder.take()) {
          insert.run(id, id + b.count - 1, b.model, b.minTs, b.maxTs, b.receivedAt, b.keys, b.times, b.events);
          id += b.count;
        }
        runStart = nextId;
      };
      rows.forEach((r, i) => {
        if (i > 0 && r.id !== rows[i - 1]!.id + 1) write(r.id);
        builder.add(toRecord(r));
      });
      write(0);
      after = rows.at(-1)!.id;
    }
    db.exec(
      `DROP TABLE request_keys; DROP TABLE events; UPDATE meta SET value = '0' WHERE key = 'request_key_watermark';`,
    );
  },
};

function toRecord(r: Record<string, string | number | null>): EventRecord {
  return {
    model: r.model as string,
    requestId: r.request_id as string,
    timestampMs: r.ts as number,
    receivedAtMs: r.received_at as number,
    endpoint: r.endpoint as string | null,
    status: r.status as 'ok' | 'error',
    errorType: r.error_type as string | null,
    latencyMs: r.latency_ms as number | null,
    costUsd: r.cost_usd as number | null,
    inputTokens: r.input_tokens as number | null,
    outputTokens: r.output_tokens as number | null,
    ttftMs: r.ttft_ms as number | null,
    modelType: r.model_type as string | null,
    modelVersion: r.model_version as string | null,
    priceVersion: r.price_version as number | null,
    event: JSON.parse(r.body as string) as EventRecord['event'],
  };
}
