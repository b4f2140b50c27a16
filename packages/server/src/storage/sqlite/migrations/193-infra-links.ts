import type { Migration } from './migration.js';

/** Links from infrastructure resources to the models they serve, kept as one ordered list. */
export const infraLinks: Migration = {
  version: 193,
  name: 'infrastructure links to models',
  sql: `
    CREATE TABLE infra_links (
      position INTEGER PRIMARY KEY,
      match TEXT NOT NULL,
      model TEXT NOT NULL
    );
  `,
};
