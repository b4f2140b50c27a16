import type { Migration } from './migration.js';

export const coverageHistory: Migration = {
  version: 7,
  name: 'coverage history: one coverage snapshot per UTC day',
  sql: `
    -- Coverage is a state computed from checkpoints, so its history exists only if it is written down:
    -- one row per day (day = 00:00 UTC in epoch ms), replaced if the day is snapshotted again.
    CREATE TABLE coverage_snapshots (
      day INTEGER PRIMARY KEY,
      taken_at INTEGER NOT NULL,
      counted INTEGER NOT NULL,
      total INTEGER NOT NULL,
      ratio REAL,
      uncovered TEXT NOT NULL
    );
  `,
};
