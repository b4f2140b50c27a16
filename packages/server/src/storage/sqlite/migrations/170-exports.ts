import type { Migration } from './migration.js';

/** Export destinations (Datadog, Splunk, New Relic, CloudWatch, OTLP), their cursors and delivery log. */
export const exports: Migration = {
  version: 170,
  name: 'export destinations, export state and deliveries',
  sql: `
    CREATE TABLE export_destinations (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      enabled INTEGER NOT NULL,
      settings TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE export_state (
      destination_id TEXT PRIMARY KEY REFERENCES export_destinations(id) ON DELETE CASCADE,
      metrics_through INTEGER,
      health_through INTEGER,
      events_through INTEGER,
      last_attempt_at INTEGER,
      last_success_at INTEGER,
      last_error TEXT,
      batches_ok INTEGER NOT NULL DEFAULT 0,
      batches_failed INTEGER NOT NULL DEFAULT 0,
      items_sent INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE export_deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      destination_id TEXT NOT NULL REFERENCES export_destinations(id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      what TEXT NOT NULL,
      ok INTEGER NOT NULL,
      attempts INTEGER NOT NULL,
      status_code INTEGER,
      error TEXT,
      items INTEGER NOT NULL,
      duration_ms REAL NOT NULL,
      lag_ms REAL
    );
    CREATE INDEX export_deliveries_by_destination ON export_deliveries (destination_id, id);
  `,
};
