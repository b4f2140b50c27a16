import type Database from 'better-sqlite3';
import { Where } from './sql-where.js';
import type { InboxRecord, InboxStore } from '../contracts/index.js';

/** Messages the inbox keeps: a demo left running for weeks must not grow it without bound. */
export const INBOX_KEEP = 10_000;

interface InboxRow {
  id: number;
  at: number;
  channel_id: string;
  team: string | null;
  purpose: string;
  kind: string;
  severity: string;
  area: string;
  title: string;
  summary: string;
  incident_id: string | null;
  runbook: string | null;
  on_call: string | null;
}

/** The inbox channel's messages in `inbox_messages`, the newest INBOX_KEEP kept. */
export class SqliteInboxStore implements InboxStore {
  private readonly addTx: (m: InboxRecord) => number;

  constructor(private readonly db: Database.Database) {
    const insert = db.prepare(
      `INSERT INTO inbox_messages (at, channel_id, team, purpose, kind, severity, area, title, summary, incident_id, runbook, on_call)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const prune = db.prepare('DELETE FROM inbox_messages WHERE id <= ?');
    this.addTx = db.transaction((m: InboxRecord) => {
      const id = Number(
        insert.run(
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
        ).lastInsertRowid,
      );
      if (id > INBOX_KEEP) prune.run(id - INBOX_KEEP);
      return id;
    });
  }

  async add(message: InboxRecord): Promise<number> {
    return this.addTx(message);
  }

  async list(q: { team?: string; incidentId?: string; limit: number }): Promise<Array<InboxRecord & { id: number }>> {
    const where = new Where().add('team = ?', q.team).add('incident_id = ?', q.incidentId);
    const rows = this.db
      .prepare(`SELECT * FROM inbox_messages ${where} ORDER BY id DESC LIMIT ?`)
      .all(...where.params, q.limit) as InboxRow[];
    return rows.map((r) => ({
      id: r.id,
      atMs: r.at,
      channelId: r.channel_id,
      team: r.team,
      purpose: r.purpose,
      kind: r.kind,
      severity: r.severity,
      area: r.area,
      title: r.title,
      summary: r.summary,
      incidentId: r.incident_id,
      runbook: r.runbook,
      onCall: r.on_call,
    }));
  }

  async countByTeam(): Promise<Array<{ team: string; messages: number; lastAtMs: number }>> {
    const rows = this.db
      .prepare(
        'SELECT team, count(*) AS n, max(at) AS last FROM inbox_messages WHERE team IS NOT NULL GROUP BY team ORDER BY team',
      )
      .all() as Array<{ team: string; n: number; last: number }>;
    return rows.map((r) => ({ team: r.team, messages: r.n, lastAtMs: r.last }));
  }
}
