import type { InboxRecord, InboxStore } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

/** Messages the inbox keeps (as the SQLite store): a demo left running for weeks must not grow it without bound. */
const INBOX_KEEP = 10_000;

const COLUMNS = `id, at AS "atMs", channel_id AS "channelId", team, purpose, kind, severity, area, title, summary,
  incident_id AS "incidentId", runbook, on_call AS "onCall"`;

/**
 * The inbox channel's messages in `inbox_messages` (migration 5). Ids come from a sequence, so with several nodes
 * pruning everything at or below `id - INBOX_KEEP` still keeps at least the newest INBOX_KEEP.
 */
export class PostgresInboxStore implements InboxStore {
  constructor(private readonly db: PostgresDb) {}

  async add(m: InboxRecord): Promise<number> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<{ id: number }>(
        `INSERT INTO inbox_messages (at, channel_id, team, purpose, kind, severity, area, title, summary, incident_id, runbook, on_call)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          m.atMs,
          m.channelId,
          m.team,
          m.purpose,
          m.kind,
          m.severity,
          m.area,
          m.title,
          m.summary,
          m.incidentId,
          m.runbook,
          m.onCall,
        ],
      );
      const id = r.rows[0]!.id;
      if (id > INBOX_KEEP) await tx.query('DELETE FROM inbox_messages WHERE id <= $1', [id - INBOX_KEEP]);
      return id;
    });
  }

  async list(q: { team?: string; incidentId?: string; limit: number }): Promise<Array<InboxRecord & { id: number }>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.team !== undefined) where.push(`team = $${params.push(q.team)}`);
    if (q.incidentId !== undefined) where.push(`incident_id = $${params.push(q.incidentId)}`);
    return this.db.query<InboxRecord & { id: number }>(
      `SELECT ${COLUMNS} FROM inbox_messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.push(q.limit)}`,
      params,
    );
  }

  async countByTeam(): Promise<Array<{ team: string; messages: number; lastAtMs: number }>> {
    return this.db.query<{ team: string; messages: number; lastAtMs: number }>(
      `SELECT team, count(*)::int AS messages, max(at) AS "lastAtMs" FROM inbox_messages
       WHERE team IS NOT NULL GROUP BY team ORDER BY team`,
    );
  }
}
