import type { CardinalityName, CardinalityStore } from '../contracts/index.js';
import { valuesList, type PostgresDb } from './postgres-db.js';

/** The cardinality registry in `cardinality_names`. */
export class PostgresCardinalityStore implements CardinalityStore {
  constructor(private readonly db: PostgresDb) {}

  async list(): Promise<CardinalityName[]> {
    return this.db.query<CardinalityName>(
      'SELECT kind, model, name, key_id AS "keyId", first_seen AS "firstSeenMs" FROM cardinality_names ORDER BY first_seen, kind, model, name',
    );
  }

  async add(names: readonly CardinalityName[]): Promise<void> {
    for (let i = 0; i < names.length; i += 5000) {
      const chunk = names.slice(i, i + 5000);
      await this.db.query(
        `INSERT INTO cardinality_names (kind, model, name, key_id, first_seen) VALUES ${valuesList(chunk.length, 5)} ON CONFLICT DO NOTHING`,
        chunk.flatMap((n) => [n.kind, n.model, n.name, n.keyId, n.firstSeenMs]),
      );
    }
  }
}
