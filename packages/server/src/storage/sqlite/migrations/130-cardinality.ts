import type { Migration } from './migration.js';

/**
 * The names each model has used (endpoints, features, error types) and the API key that introduced each
 * model, so cardinality limits hold across restarts. Seeded from the models and endpoints already seen.
 */
export const cardinality: Migration = {
  version: 130,
  name: 'cardinality registry: models (with the key that introduced them), endpoints, features, error types',
  sql: `
    CREATE TABLE cardinality_names (
      kind TEXT NOT NULL,
      model TEXT NOT NULL,
      name TEXT NOT NULL,
      key_id TEXT,
      first_seen INTEGER NOT NULL,
      PRIMARY KEY (kind, model, name)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO cardinality_names (kind, model, name, key_id, first_seen)
      SELECT 'model', model, '', NULL, min(first_seen) FROM model_endpoints GROUP BY model;
    INSERT OR IGNORE INTO cardinality_names (kind, model, name, key_id, first_seen)
      SELECT 'endpoint', model, endpoint, NULL, min(first_seen) FROM model_endpoints WHERE endpoint != '' GROUP BY model, endpoint;
  `,
};
