import type { Migration } from './migration.js';

/** Retention per use case: raw-event days and rollup days, null = the global default. */
export const retentionPolicies: Migration = {
  version: 165,
  name: 'retention per use case',
  sql: `
    CREATE TABLE retention_policies (
      use_case_id TEXT PRIMARY KEY,
      raw_event_days INTEGER,
      rollup_days INTEGER,
      updated_at INTEGER NOT NULL,
      updated_by TEXT
    );
  `,
};
