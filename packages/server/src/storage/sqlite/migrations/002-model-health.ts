import type { Migration } from './migration.js';

export const modelHealth: Migration = {
  version: 2,
  name: 'model-health windows (profiles, CBPE, realised performance), references, window and label watermarks',
  sql: `
    CREATE TABLE model_windows (
      model TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      rows INTEGER NOT NULL,
      labels INTEGER NOT NULL,
      profile BLOB NOT NULL,
      performance TEXT NOT NULL,
      PRIMARY KEY (model, bucket)
    ) WITHOUT ROWID;

    CREATE TABLE model_references (
      model TEXT PRIMARY KEY,
      source TEXT NOT NULL,
      window_from INTEGER,
      window_to INTEGER,
      rows INTEGER NOT NULL,
      profile BLOB NOT NULL,
      sample TEXT,
      created_at INTEGER NOT NULL
    );

    INSERT INTO meta (key, value) VALUES ('window_watermark', '0'), ('label_watermark', '0');
  `,
};
