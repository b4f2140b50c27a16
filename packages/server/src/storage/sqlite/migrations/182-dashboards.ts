import type { Migration } from './migration.js';

export const dashboards: Migration = {
  version: 182,
  name: 'custom dashboards and the home dashboard each team pins',
  sql: `
    CREATE TABLE dashboards (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      description TEXT,
      team TEXT,
      range TEXT NOT NULL,
      panels TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      version INTEGER NOT NULL
    );
    CREATE TABLE dashboard_homes (
      team TEXT PRIMARY KEY,
      dashboard_id TEXT NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
      updated_at INTEGER NOT NULL
    );
  `,
};
