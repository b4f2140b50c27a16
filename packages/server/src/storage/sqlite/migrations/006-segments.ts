import type { Migration } from './migration.js';

export const segments: Migration = {
  version: 6,
  name: 'segment rollups: API-health cells per tag value (region=eu, store=s12, …)',
  sql: `
    -- The same cells as rollups, one series per tag value ("key=value" in segment), so alert rules and
    -- charts can be scoped to a segment. The values per model and tag key are capped at ingest.
    CREATE TABLE segment_rollups (
      level INTEGER NOT NULL,
      model TEXT NOT NULL,
      segment TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      calls INTEGER NOT NULL,
      errors INTEGER NOT NULL,
      error_types TEXT NOT NULL,
      cost_usd REAL NOT NULL,
      cost_count INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      latency BLOB NOT NULL,
      ttft BLOB NOT NULL,
      PRIMARY KEY (level, bucket, model, segment, endpoint)
    ) WITHOUT ROWID;
    CREATE INDEX segment_rollups_segment ON segment_rollups (level, segment, model, bucket);
  `,
};
