import type Database from 'better-sqlite3';
import type { ReferenceRecord, ReferenceStore } from '../store-types.js';

interface ReferenceRow {
  model: string;
  source: 'window' | 'dataset';
  window_from: number | null;
  window_to: number | null;
  rows: number;
  profile: Buffer;
  created_at: number;
}

/** Model references (one per model, replaced on upload) in `model_references`, and the duplicate-id read model health needs. */
export class SqliteReferenceStore implements ReferenceStore {
  private readonly upsert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly duplicates: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO model_references (model, source, window_from, window_to, rows, profile, sample, created_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
    );
    this.select = db.prepare('SELECT model, source, window_from, window_to, rows, profile, created_at FROM model_references WHERE model = ?');
    this.remove = db.prepare('DELETE FROM model_references WHERE model = ?');
    // An event is a duplicate when an earlier-stored event of the same model has its requestId. Events up to
    // the request-key watermark are probed in the request_keys index; the few above it (the last ~10 s) are
    // numbered per requestId among themselves and probed in the index too.
    this.duplicates = db.prepare(
      `WITH mark AS (SELECT CAST(value AS INTEGER) AS wm FROM meta WHERE key = 'request_key_watermark')
       SELECT
         (SELECT count(*) FROM events e, mark WHERE e.model = $model AND e.ts >= $from AND e.ts < $to AND e.id <= mark.wm
            AND EXISTS (SELECT 1 FROM request_keys k WHERE k.model = e.model AND k.request_id = e.request_id AND k.event_id < e.id))
         +
         (SELECT count(*) FROM (
            SELECT t.ts, ROW_NUMBER() OVER (PARTITION BY t.request_id ORDER BY t.id) AS rn,
                   EXISTS (SELECT 1 FROM request_keys k WHERE k.model = t.model AND k.request_id = t.request_id) AS seen
            FROM events t, mark WHERE t.id > mark.wm AND t.model = $model) x
          WHERE x.ts >= $from AND x.ts < $to AND (x.rn > 1 OR x.seen)) AS n`,
    );
  }

  async put(r: ReferenceRecord): Promise<void> {
    this.upsert.run(r.model, r.source, r.windowFrom, r.windowTo, r.rows, r.profile, r.createdAtMs);
  }

  async get(model: string): Promise<ReferenceRecord | null> {
    const row = this.select.get(model) as ReferenceRow | undefined;
    if (!row) return null;
    return { model: row.model, source: row.source, windowFrom: row.window_from, windowTo: row.window_to, rows: row.rows, profile: new Uint8Array(row.profile), createdAtMs: row.created_at };
  }

  async delete(model: string): Promise<boolean> {
    return this.remove.run(model).changes === 1;
  }

  async countDuplicateRequestIds(model: string, fromMs: number, toMs: number): Promise<number> {
    return (this.duplicates.get({ model, from: fromMs, to: toMs }) as { n: number }).n;
  }
}
