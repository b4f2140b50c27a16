import type { ReferenceRecord, ReferenceStore } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

/** Model references (one per model, replaced on upload) in `model_references`. */
export class PostgresReferenceStore implements ReferenceStore {
  constructor(private readonly db: PostgresDb) {}

  async put(r: ReferenceRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO model_references (model, source, window_from, window_to, rows, profile, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (model) DO UPDATE SET source = excluded.source, window_from = excluded.window_from, window_to = excluded.window_to,
         rows = excluded.rows, profile = excluded.profile, created_at = excluded.created_at`,
      [r.model, r.source, r.windowFrom, r.windowTo, r.rows, Buffer.from(r.profile), r.createdAtMs],
    );
  }

  async get(model: string): Promise<ReferenceRecord | null> {
    const row = await this.db.one<Omit<ReferenceRecord, 'profile'> & { profile: Buffer }>(
      `SELECT model, source, window_from AS "windowFrom", window_to AS "windowTo", rows, profile, created_at AS "createdAtMs"
       FROM model_references WHERE model = $1`,
      [model],
    );
    return row ? { ...row, profile: new Uint8Array(row.profile) } : null;
  }

  async delete(model: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM model_references WHERE model = $1 RETURNING 1', [model])).length === 1;
  }
}
