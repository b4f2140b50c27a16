import type Database from 'better-sqlite3';
import type { ReferenceRecord, ReferenceStore } from '../contracts/index.js';

interface ReferenceRow {
  model: string;
  source: 'window' | 'dataset';
  window_from: number | null;
  window_to: number | null;
  rows: number;
  profile: Buffer;
  created_at: number;
  endpoint_features: string | null;
}

/** Model references (one per model, replaced on upload) in `model_references`. */
export class SqliteReferenceStore implements ReferenceStore {
  private readonly upsert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO model_references (model, source, window_from, window_to, rows, profile, sample, created_at, endpoint_features)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    );
    this.select = db.prepare(
      'SELECT model, source, window_from, window_to, rows, profile, created_at, endpoint_features FROM model_references WHERE model = ?',
    );
    this.remove = db.prepare('DELETE FROM model_references WHERE model = ?');
  }

  async put(r: ReferenceRecord): Promise<void> {
    this.upsert.run(
      r.model,
      r.source,
      r.windowFrom,
      r.windowTo,
      r.rows,
      r.profile,
      r.createdAtMs,
      r.endpointFeatures ? JSON.stringify(r.endpointFeatures) : null,
    );
  }

  async get(model: string): Promise<ReferenceRecord | null> {
    const row = this.select.get(model) as ReferenceRow | undefined;
    if (!row) return null;
    return {
      model: row.model,
      source: row.source,
      windowFrom: row.window_from,
      windowTo: row.window_to,
      rows: row.rows,
      profile: new Uint8Array(row.profile),
      createdAtMs: row.created_at,
      endpointFeatures: row.endpoint_features
        ? (JSON.parse(row.endpoint_features) as Record<string, { rows: number; columns: string[] }>)
        : null,
    };
  }

  async delete(model: string): Promise<boolean> {
    return this.remove.run(model).changes === 1;
  }
}
