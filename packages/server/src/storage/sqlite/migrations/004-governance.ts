import type { Migration } from './migration.js';

export const governance: Migration = {
  version: 4,
  name: 'governance: AI use cases, checkpoint sign-offs, load tests, audit trail',
  sql: `
    CREATE TABLE use_cases (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      stage TEXT NOT NULL,
      through_intake INTEGER NOT NULL,
      spec TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      spec_changed_at INTEGER NOT NULL,
      version INTEGER NOT NULL
    );

    CREATE TABLE use_case_signoffs (
      id INTEGER PRIMARY KEY,
      use_case_id TEXT NOT NULL REFERENCES use_cases (id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      actor_name TEXT NOT NULL,
      actor_role TEXT NOT NULL,
      api_key_name TEXT,
      at INTEGER NOT NULL,
      note TEXT
    );
    CREATE INDEX use_case_signoffs_case ON use_case_signoffs (use_case_id, key);

    CREATE TABLE use_case_load_tests (
      id INTEGER PRIMARY KEY,
      use_case_id TEXT NOT NULL REFERENCES use_cases (id) ON DELETE CASCADE,
      from_ms INTEGER NOT NULL,
      to_ms INTEGER NOT NULL,
      actor TEXT,
      api_key_name TEXT,
      at INTEGER NOT NULL,
      note TEXT
    );
    CREATE INDEX use_case_load_tests_case ON use_case_load_tests (use_case_id);

    -- No foreign key: the trail outlives a deleted use case.
    CREATE TABLE governance_audit (
      id INTEGER PRIMARY KEY,
      use_case_id TEXT NOT NULL,
      at INTEGER NOT NULL,
      action TEXT NOT NULL,
      actor TEXT,
      api_key_name TEXT,
      details TEXT NOT NULL
    );
    CREATE INDEX governance_audit_case ON governance_audit (use_case_id, id);
  `,
};
