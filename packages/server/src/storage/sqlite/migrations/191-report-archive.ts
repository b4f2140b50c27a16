import type { Migration } from './migration.js';

/** Scheduled reports: the archive (numbers frozen as JSON, HTML, PDF, deliveries) and the schedule. */
export const reportArchive: Migration = {
  version: 191,
  name: 'scheduled report archive and schedule',
  sql: `
    CREATE TABLE report_archive (
      id TEXT PRIMARY KEY,
      cadence TEXT NOT NULL,
      period_from INTEGER NOT NULL,
      period_to INTEGER NOT NULL,
      generated_at INTEGER NOT NULL,
      numbers TEXT NOT NULL,
      html TEXT NOT NULL,
      pdf BLOB,
      pdf_unavailable_reason TEXT,
      deliveries TEXT NOT NULL,
      UNIQUE (cadence, period_from)
    );
    CREATE TABLE report_schedule (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      body TEXT NOT NULL
    );
  `,
};
