import type { ReferenceRecord, ReferenceStore } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

/** Model references (one per model, replaced on upload) in `model_references`. */
export class PostgresReferenceStore implements ReferenceStore {
  constructor(private readonly db: PostgresDb) {}

  async put(r: ReferenceRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO model_references (model, source, window_from, window_to, rows, profile, created_at, endpoint_features)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (model) DO UPDATE SET source = excluded.source, window_from = excluded.window_from, window_to = excluded.window_to,
         rows = excluded.rows, profile = excluded.profile, created_at = excluded.created_at,
         endpoint_features = excluded.endpoint_features`,
      [
        r.model,
        r.source,
        r.windowFrom,
        r.windowTo,
        r.rows,
        Buffer.from(r.profile),
        r.createdAtMs,
        r.endpointFeatures ? JSON.stringify(r.endpointFeatures) : null,
      ],
    );
  }

  async get(model: string): Promise<ReferenceRecord | null> {
    const row = await this.db.one<
      Omit<ReferenceRecord, 'profile' | 'endpointFeatures'> & { profile: Buffer; endpointFeatures: string | null }
    >(
      `SELECT model, source, window_from AS "windowFrom", window_to AS "windowTo", rows, profile, created_at AS "createdAtMs",
         endpoint_features AS "endpointFeatures"
       FROM model_references WHERE model = $1`,
      [model],
    );
    if (!row) return null;
    return {
      ...row,
      profile: new Uint8Array(row.profile),
      endpointFeatures: row.endpointFeatures
        ? (JSON.parse(row.endpointFeatures) as Record<string, { rows: number; columns: string[] }>)
        : null,
    };
  }

  async delete(model: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM model_references WHERE model = $1 RETURNING 1', [model])).length === 1;
  }
}
