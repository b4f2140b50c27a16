import type { Migration } from './migration.js';

/** The rule change history: every create, update and delete of an alert rule, with actor and reason. */
export const ruleChanges: Migration = {
  version: 190,
  name: 'rule change history',
  sql: `
    CREATE TABLE rule_changes (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      rule_id TEXT NOT NULL,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      change TEXT NOT NULL,
      version INTEGER,
      fields TEXT NOT NULL,
      reason TEXT
    );
    CREATE INDEX rule_changes_rule ON rule_changes (rule_id, id);
  `,
};
