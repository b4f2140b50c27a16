import type { Migration } from './migration.js';

export const endpointWindows: Migration = {
  version: 180,
  name: 'model-health windows per endpoint (drift and quality per endpoint; which features each endpoint sends)',
  sql: `
    -- SQLite cannot change a primary key in place: copy into the new shape. Windows stored before this
    -- migration were merged over endpoints and keep endpoint '' (read as "all endpoints", never as one).
    CREATE TABLE model_windows_v2 (
      model TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      rows INTEGER NOT NULL,
      labels INTEGER NOT NULL,
      profile BLOB NOT NULL,
      performance TEXT NOT NULL,
      PRIMARY KEY (model, bucket, endpoint)
    ) WITHOUT ROWID;
    INSERT INTO model_windows_v2 (model, endpoint, bucket, rows, labels, profile, performance)
      SELECT model, '', bucket, rows, labels, profile, performance FROM model_windows;
    DROP TABLE model_windows;
    ALTER TABLE model_windows_v2 RENAME TO model_windows;

    -- Which features each endpoint sent in a stored reference's window: {"POST /v1/x": ["a", "b"], ...}.
    ALTER TABLE model_references ADD COLUMN endpoint_features TEXT;
  `,
};
