import type { Migration } from './migration.js';

/**
 * The late label join (ingest/late-label-job.ts): a label stored before its prediction is joined when the
 * prediction comes. `request_key` (storage/request-key.ts) is kept for labels stored unmatched, so new events'
 * keys find them through `labels_pending`; `joined_at` marks the ones joined since, which leave that index.
 * `label_join_marks` holds where the join's next scan starts: the last event block and label it read (one
 * writer, id 0). It starts above the events already stored: labels pending now are looked up once anyway.
 */
export const lateLabels: Migration = {
  version: 215,
  name: 'late label join: pending labels by request key, joined time, scan marks',
  sql: `
    ALTER TABLE labels ADD COLUMN request_key INTEGER;
    ALTER TABLE labels ADD COLUMN joined_at INTEGER;
    CREATE INDEX labels_pending ON labels (request_key) WHERE matched = 0 AND joined_at IS NULL;
    CREATE TABLE label_join_marks (
      writer_id INTEGER PRIMARY KEY,
      event_mark INTEGER NOT NULL,
      label_mark INTEGER NOT NULL
    );
    INSERT INTO label_join_marks (writer_id, event_mark, label_mark)
      SELECT 0, coalesce(max(id), 0), 0 FROM event_blocks;
  `,
};
