import type { Migration } from './migration.js';

export const inbox: Migration = {
  version: 181,
  name: 'the built-in inbox channel: what each team was sent',
  sql: `
    CREATE TABLE inbox_messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      channel_id TEXT NOT NULL,
      team TEXT,
      purpose TEXT NOT NULL,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      area TEXT NOT NULL,
      title TEXT NOT NULL,
      summary TEXT NOT NULL,
      incident_id TEXT,
      runbook TEXT,
      on_call TEXT
    );
    CREATE INDEX inbox_messages_team ON inbox_messages (team, id);
    CREATE INDEX inbox_messages_incident ON inbox_messages (incident_id, id);
  `,
};
