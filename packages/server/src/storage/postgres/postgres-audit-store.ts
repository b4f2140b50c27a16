import type { AuditAnchor, AuditChainEntry, AuditEntryInput, AuditStore } from '../contracts/index.js';
import type { PostgresDb, Queryable } from './postgres-db.js';

const COLUMNS = `seq, at AS "atMs", actor, action, target, outcome, source_ip AS "sourceIp", before_json AS "before",
  after_json AS "after", prev_hash AS "prevHash", hash`;

/**
 * The hash-chained audit trail in `audit_log` (migration 160). An append reads the last entry and inserts the
 * sealed one in one transaction holding a transaction-scoped advisory lock, so appends from several nodes
 * form one chain; a trigger refuses every UPDATE. Retention deletes the oldest entries and records the anchor
 * the kept chain starts from in `meta`, in the same transaction.
 */
export class PostgresAuditStore implements AuditStore {
  constructor(private readonly db: PostgresDb) {}

  async append(
    e: AuditEntryInput,
    seal: (last: AuditAnchor | null) => { seq: number; prevHash: string; hash: string },
  ): Promise<AuditChainEntry> {
    return this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('vigil.audit_log'))");
      const last = (await tx.query<AuditAnchor>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
      const sealed = seal(last ?? (await anchorOf(tx)));
      await tx.query(
        `INSERT INTO audit_log (seq, at, actor, action, target, outcome, source_ip, before_json, after_json, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
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
        ],
      );
      return { ...e, before: e.before ?? null, after: e.after ?? null, ...sealed };
    });
  }

  async scan(afterSeq: number, limit: number): Promise<AuditChainEntry[]> {
    return (
      await this.db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
        afterSeq,
        limit,
      ])
    ).map(toEntry);
  }

  async list(f: {
    fromMs?: number;
    toMs?: number;
    actor?: string;
    action?: string;
    limit: number;
  }): Promise<AuditChainEntry[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (f.fromMs !== undefined) where.push(`at >= $${params.push(f.fromMs)}`);
    if (f.toMs !== undefined) where.push(`at < $${params.push(f.toMs)}`);
    if (f.actor !== undefined) where.push(`actor = $${params.push(f.actor)}`);
    if (f.action !== undefined) where.push(`action = $${params.push(f.action)}`);
    return (
      await this.db.query<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY seq DESC LIMIT $${params.push(f.limit)}`,
        params,
      )
    ).map(toEntry);
  }

  async anchor(): Promise<AuditAnchor | null> {
    const row = await this.db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'audit_anchor'");
    return row ? (JSON.parse(row.value) as AuditAnchor) : null;
  }

  async pruneBefore(beforeMs: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('vigil.audit_log'))");
      const last = (
        await tx.query<AuditAnchor>('SELECT seq, hash FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1', [
          beforeMs,
        ])
      ).rows[0];
      if (!last) return 0;
      await tx.query(
        "INSERT INTO meta (key, value) VALUES ('audit_anchor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [JSON.stringify({ seq: last.seq, hash: last.hash })],
      );
      return (await tx.query('DELETE FROM audit_log WHERE seq <= $1', [last.seq])).rowCount ?? 0;
    });
  }
}

interface AuditRow extends Omit<AuditChainEntry, 'before' | 'after'> {
  before: string | null;
  after: string | null;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

function toEntry(r: AuditRow): AuditChainEntry {
  return { ...r, before: parse(r.before), after: parse(r.after) };
}

async function anchorOf(tx: Queryable): Promise<AuditAnchor | null> {
  const row = (await tx.query<{ value: string }>("SELECT value FROM meta WHERE key = 'audit_anchor'")).rows[0];
  return row ? (JSON.parse(row.value) as AuditAnchor) : null;
}
