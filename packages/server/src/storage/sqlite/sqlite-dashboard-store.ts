import type Database from 'better-sqlite3';
import type { DashboardRecord, DashboardStore } from '../contracts/index.js';

interface DashboardRow {
  id: string;
  name: string;
  description: string | null;
  team: string | null;
  range: string;
  panels: string;
  created_at: number;
  updated_at: number;
  version: number;
}

function toRecord(r: DashboardRow): DashboardRecord {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    team: r.team,
    range: r.range,
    panels: JSON.parse(r.panels) as unknown[],
    createdAtMs: r.created_at,
    updatedAtMs: r.updated_at,
    version: r.version,
  };
}

/** Custom dashboards (`dashboards`) and the home each team pinned (`dashboard_homes`). */
export class SqliteDashboardStore implements DashboardStore {
  constructor(private readonly db: Database.Database) {}

  async list(): Promise<DashboardRecord[]> {
    return (this.db.prepare('SELECT * FROM dashboards ORDER BY name, id').all() as DashboardRow[]).map(toRecord);
  }

  async get(id: string): Promise<DashboardRecord | null> {
    const row = this.db.prepare('SELECT * FROM dashboards WHERE id = ?').get(id) as DashboardRow | undefined;
    return row ? toRecord(row) : null;
  }

  async create(d: DashboardRecord): Promise<boolean> {
    const r = this.db
      .prepare(
        `INSERT INTO dashboards (id, name, description, team, range, panels, created_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(
        d.id,
        d.name,
        d.description,
        d.team,
        d.range,
        JSON.stringify(d.panels),
        d.createdAtMs,
        d.updatedAtMs,
        d.version,
      );
    return r.changes === 1;
  }

  async update(d: DashboardRecord, expectedVersion: number): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE dashboards SET name = ?, description = ?, team = ?, range = ?, panels = ?, updated_at = ?, version = ?
         WHERE id = ? AND version = ?`,
      )
      .run(
        d.name,
        d.description,
        d.team,
        d.range,
        JSON.stringify(d.panels),
        d.updatedAtMs,
        d.version,
        d.id,
        expectedVersion,
      );
    return r.changes === 1;
  }

  async delete(id: string): Promise<boolean> {
    // dashboard_homes rows go with it (ON DELETE CASCADE; foreign_keys is on).
    return this.db.prepare('DELETE FROM dashboards WHERE id = ?').run(id).changes === 1;
  }

  async listHomes(): Promise<Array<{ team: string; dashboardId: string }>> {
    return (
      this.db.prepare('SELECT team, dashboard_id FROM dashboard_homes ORDER BY team').all() as Array<{
        team: string;
        dashboard_id: string;
      }>
    ).map((r) => ({ team: r.team, dashboardId: r.dashboard_id }));
  }

  async setHome(team: string, dashboardId: string | null, atMs: number): Promise<void> {
    if (dashboardId === null) this.db.prepare('DELETE FROM dashboard_homes WHERE team = ?').run(team);
    else
      this.db
        .prepare(
          `INSERT INTO dashboard_homes (team, dashboard_id, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (team) DO UPDATE SET dashboard_id = excluded.dashboard_id, updated_at = excluded.updated_at`,
        )
        .run(team, dashboardId, atMs);
  }
}
