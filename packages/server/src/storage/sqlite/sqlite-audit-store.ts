import type Database from 'better-sqlite3';
import type { AuditAnchor, AuditChainEntry, AuditEntryInput, AuditStore } from '../contracts/index.js';

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  source_ip: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

function rowToEntry(r: AuditRow): AuditChainEntry {
  return {
    seq: r.seq,
    atMs: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    sourceIp: r.source_ip,
    before: parse(r.before_json),
    after: parse(r.after_json),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The hash-chained audit trail in one table (migration 161). */
export class SqliteAuditStore implements AuditStore {
  constructor(private readonly db: Database.Database) {}

  async append(
    e: AuditEntryInput,
    seal: (last: AuditAnchor | null) => { seq: number; prevHash: string; hash: string },
  ): Promise<AuditChainEntry> {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        AuditAnchor | undefined;
      const sealed = seal(last ?? this.#anchorSync());
      this.db
        .prepare(
          `INSERT INTO audit_log (seq, at, actor, action, target, outcome, source_ip, before_json, after_json, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          sealed.seq,
          e.atMs,
          e.actor,
          e.action,
          e.target,
          e.outcome,
          e.sourceIp,
          e.before === undefined ? null : JSON.stringify(e.before),
          e.after === undefined ? null : JSON.stringify(e.after),
          sealed.prevHash,
          sealed.hash,
        );
      return { ...e, before: e.before ?? null, after: e.after ?? null, ...sealed };
    })();
  }

  async scan(afterSeq: number, limit: number): Promise<AuditChainEntry[]> {
    return (
      this.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as AuditRow[]
    ).map(rowToEntry);
  }

  async list(f: {
    fromMs?: number;
    toMs?: number;
    actor?: string;
    action?: string;
    limit: number;
  }): Promise<AuditChainEntry[]> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (f.fromMs !== undefined) where.push('at >= ?') && args.push(f.fromMs);
    if (f.toMs !== undefined) where.push('at < ?') && args.push(f.toMs);
    if (f.actor !== undefined) where.push('actor = ?') && args.push(f.actor);
    if (f.action !== undefined) where.push('action = ?') && args.push(f.action);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, f.limit) as AuditRow[]).map(rowToEntry);
  }

  async anchor(): Promise<AuditAnchor | null> {
    return this.#anchorSync();
  }

  #anchorSync(): AuditAnchor | null {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'audit_anchor'").get() as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as AuditAnchor) : null;
  }

  async pruneBefore(beforeMs: number): Promise<number> {
    return this.db.transaction(() => {
      const last = this.db
        .prepare('SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1')
        .get(beforeMs) as AuditAnchor | undefined;
      if (!last) return 0;
      this.db
        .prepare(
          "INSERT INTO meta (key, value) VALUES ('audit_anchor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(JSON.stringify({ seq: last.seq, hash: last.hash }));
      return this.db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(last.seq).changes;
    })();
  }
}
