import type { Migration } from './migration.js';

/** Security signals counted per minute, per subject (a model, a key id, or ''): docs/security-signals.md. */
export const securitySignals: Migration = {
  version: 163,
  name: 'security signals per minute',
  sql: `
    CREATE TABLE security_signals (
      signal TEXT NOT NULL,
      subject TEXT NOT NULL,
      minute INTEGER NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (signal, minute, subject)
    ) WITHOUT ROWID;
  `,
};
