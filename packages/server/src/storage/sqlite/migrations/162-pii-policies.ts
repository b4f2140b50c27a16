import type { Migration } from './migration.js';

/** Personal-data policies: the default (use_case '') and one per use case (docs/privacy.md). */
export const piiPolicies: Migration = {
  version: 162,
  name: 'personal-data policies',
  sql: `
    CREATE TABLE pii_policies (
      use_case TEXT PRIMARY KEY,
      policy TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT
    );
  `,
};
