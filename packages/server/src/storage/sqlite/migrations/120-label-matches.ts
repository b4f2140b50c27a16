import type { Migration } from './migration.js';

export const labelMatches: Migration = {
  version: 120,
  name: 'labels remember whether they matched a prediction; counted by model and time',
  sql: `
    -- 1 = joined to a stored prediction of its model at ingest, 0 = matched none; NULL for labels stored before.
    ALTER TABLE labels ADD COLUMN matched INTEGER;
    CREATE INDEX labels_model_ts ON labels (model, ts);
  `,
};
