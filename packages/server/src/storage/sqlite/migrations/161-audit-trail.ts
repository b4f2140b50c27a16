import type { Migration } from './migration.js';

/**
 * The hash-chained audit trail. A trigger refuses every UPDATE, so the store itself never rewrites history;
 * deletions are for retention only (they record the anchor the kept chain starts from). Anyone with the
 * file can still edit it: `vigil audit verify` finds that.
 */
export const auditTrail: Migration = {
  version: 161,
  name: 'audit trail: append-only, hash-chained',
  sql: `
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      outcome TEXT NOT NULL,
      source_ip TEXT,
      before_json TEXT,
      after_json TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
};
