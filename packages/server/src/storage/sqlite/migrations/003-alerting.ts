import type { Migration } from './migration.js';

// The default RACI rows are written out here (not read from DEFAULT_RACI_MATRIX) so this shipped migration
// never changes when the code default does.
const RACI_SEED: Array<[string, Record<string, string>]> = [
  ['Infrastructure', { DevOps: 'PRIMARY', 'Data Science': 'SUPPORT', InfoSec: 'REVIEW', Business: 'INFORMED' }],
  ['API Performance', { DevOps: 'PRIMARY', 'Data Science': 'CONSULT', InfoSec: 'REVIEW', Business: 'ACCOUNTABLE' }],
  ['Model Accuracy', { DevOps: 'SUPPORT', 'Data Science': 'PRIMARY', InfoSec: 'REVIEW', Business: 'ACCOUNTABLE' }],
  ['Data Quality', { DevOps: 'SUPPORT', 'Data Science': 'PRIMARY', InfoSec: 'CONSULT', Business: 'INFORMED' }],
  ['Security Events', { DevOps: 'SUPPORT', 'Data Science': 'INFORMED', InfoSec: 'PRIMARY', Business: 'INFORMED' }],
  ['Cost Monitoring', { DevOps: 'CONSULT', 'Data Science': 'INFORMED', InfoSec: 'INFORMED', Business: 'PRIMARY' }],
  ['Compliance', { DevOps: 'SUPPORT', 'Data Science': 'CONSULT', InfoSec: 'PRIMARY', Business: 'ACCOUNTABLE' }],
];
const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const alerting: Migration = {
  version: 3,
  name: 'alerting: rules, alert state, incidents + timeline, deliveries, teams, channels, silences, maintenance, RACI, SLOs',
  sql: `
    CREATE TABLE alert_rules (
      id TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      source TEXT NOT NULL,
      version INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE alert_state (
      rule_id TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      saved_at INTEGER NOT NULL
    );

    CREATE TABLE incidents (
      id TEXT PRIMARY KEY,
      group_key TEXT NOT NULL,
      title TEXT NOT NULL,
      area TEXT NOT NULL,
      severity TEXT NOT NULL,
      model TEXT,
      endpoint TEXT,
      team TEXT NOT NULL,
      status TEXT NOT NULL,
      opened_at INTEGER NOT NULL,
      acknowledged_at INTEGER,
      acknowledged_by TEXT,
      resolved_at INTEGER,
      resolved_by TEXT,
      cause TEXT,
      false_positive INTEGER NOT NULL DEFAULT 0,
      impact_usd_per_hour REAL,
      customer_facing INTEGER NOT NULL DEFAULT 0,
      runbook TEXT,
      links TEXT NOT NULL,
      participants TEXT NOT NULL,
      rule_ids TEXT NOT NULL,
      fingerprints TEXT NOT NULL,
      paged_channels TEXT NOT NULL,
      escalation TEXT
    );
    CREATE INDEX incidents_group_status ON incidents (group_key, status);
    CREATE INDEX incidents_opened ON incidents (opened_at);

    CREATE TABLE incident_timeline (
      id INTEGER PRIMARY KEY,
      incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      kind TEXT NOT NULL,
      actor TEXT NOT NULL,
      message TEXT NOT NULL,
      details TEXT
    );
    CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, at);

    CREATE TABLE alert_deliveries (
      id INTEGER PRIMARY KEY,
      incident_id TEXT,
      channel_id TEXT NOT NULL,
      channel_kind TEXT NOT NULL,
      team TEXT,
      purpose TEXT NOT NULL,
      notification_id TEXT NOT NULL,
      notification_kind TEXT NOT NULL,
      ok INTEGER NOT NULL,
      skipped TEXT,
      attempts INTEGER NOT NULL,
      status_code INTEGER,
      error TEXT,
      started_at INTEGER NOT NULL,
      finished_at INTEGER NOT NULL,
      attempt_log TEXT NOT NULL
    );
    CREATE INDEX alert_deliveries_incident ON alert_deliveries (incident_id);

    CREATE TABLE raci_matrix (area TEXT PRIMARY KEY, roles TEXT NOT NULL);
    ${RACI_SEED.map(([area, roles]) => `INSERT INTO raci_matrix (area, roles) VALUES (${sqlText(area)}, ${sqlText(JSON.stringify(roles))});`).join('\n    ')}

    -- Teams, channels (settings hold webhook URLs, routing keys and SMTP passwords as given), silences,
    -- maintenance windows and SLOs are JSON documents validated by the API's schemas.
    CREATE TABLE alert_teams (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE alert_channels (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE alert_silences (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE alert_maintenance_windows (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE alert_slos (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);

    INSERT INTO meta (key, value) VALUES ('alert_rules_revision', '0');
  `,
};
