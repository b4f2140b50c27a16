import type { Migration } from './migration.js';

/** Infrastructure metrics: resources, minute cells per resource and metric, and cumulative counter state. */
export const infraMetrics: Migration = {
  version: 192,
  name: 'infrastructure metrics',
  sql: `
    CREATE TABLE infra_resources (
      key TEXT PRIMARY KEY,
      service TEXT,
      host TEXT,
      pod TEXT,
      container TEXT,
      namespace TEXT,
      model TEXT,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL
    );
    CREATE INDEX infra_resources_last_seen ON infra_resources (last_seen);
    CREATE TABLE infra_minutes (
      resource_key TEXT NOT NULL,
      metric TEXT NOT NULL,
      minute INTEGER NOT NULL,
      sum REAL NOT NULL,
      count INTEGER NOT NULL,
      last REAL NOT NULL,
      last_time INTEGER NOT NULL,
      PRIMARY KEY (metric, resource_key, minute)
    ) WITHOUT ROWID;
    CREATE TABLE infra_counters (
      resource_key TEXT NOT NULL,
      metric TEXT NOT NULL,
      series TEXT NOT NULL,
      start_time INTEGER NOT NULL,
      time INTEGER NOT NULL,
      value REAL NOT NULL,
      PRIMARY KEY (resource_key, metric, series)
    ) WITHOUT ROWID;
  `,
};
