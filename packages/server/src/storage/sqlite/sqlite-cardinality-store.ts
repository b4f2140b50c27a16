import type Database from 'better-sqlite3';
import type { CardinalityName, CardinalityStore } from '../contracts/index.js';

/** The cardinality registry in `cardinality_names` (migration 130). */
export class SqliteCardinalityStore implements CardinalityStore {
  private readonly insert: Database.Statement;
  private readonly addAll: (names: readonly CardinalityName[]) => void;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO cardinality_names (kind, model, name, key_id, first_seen) VALUES (?, ?, ?, ?, ?)',
    );
    this.addAll = db.transaction((names: readonly CardinalityName[]) => {
      for (const n of names) this.insert.run(n.kind, n.model, n.name, n.keyId, n.firstSeenMs);
    });
  }

  async list(): Promise<CardinalityName[]> {
    const rows = this.db
      .prepare('SELECT kind, model, name, key_id, first_seen FROM cardinality_names ORDER BY first_seen')
      .all() as Array<{
      kind: CardinalityName['kind'];
      model: string;
      name: string;
      key_id: string | null;
      first_seen: number;
    }>;
    return rows.map((r) => ({
      kind: r.kind,
      model: r.model,
      name: r.name,
      keyId: r.key_id,
      firstSeenMs: r.first_seen,
    }));
  }

  async add(names: readonly CardinalityName[]): Promise<void> {
    if (names.length > 0) this.addAll(names);
  }
}
