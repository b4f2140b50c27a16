import type { DashboardRecord, DashboardStore } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

const COLUMNS = `id, name, description, team, range, panels, created_at AS "createdAtMs", updated_at AS "updatedAtMs", version`;

type DashboardRow = Omit<DashboardRecord, 'panels'> & { panels: string };

const toRecord = (r: DashboardRow): DashboardRecord => ({ ...r, panels: JSON.parse(r.panels) as unknown[] });

/**
 * Custom dashboards (`dashboards`) and the home each team pinned (`dashboard_homes`), migration 5. An update
 * applies only over the version it was made from, so two nodes saving the same dashboard cannot both win.
 */
export class PostgresDashboardStore implements DashboardStore {
  constructor(private readonly db: PostgresDb) {}

  async list(): Promise<DashboardRecord[]> {
    return (await this.db.query<DashboardRow>(`SELECT ${COLUMNS} FROM dashboards ORDER BY name, id`)).map(toRecord);
  }

  async get(id: string): Promise<DashboardRecord | null> {
    const row = await this.db.one<DashboardRow>(`SELECT ${COLUMNS} FROM dashboards WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async create(d: DashboardRecord): Promise<boolean> {
    const r = await this.db.query(
      `INSERT INTO dashboards (id, name, description, team, range, panels, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING 1`,
      [d.id, d.name, d.description, d.team, d.range, JSON.stringify(d.panels), d.createdAtMs, d.updatedAtMs, d.version],
    );
    return r.length === 1;
  }

  async update(d: DashboardRecord, expectedVersion: number): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE dashboards SET name = $1, description = $2, team = $3, range = $4, panels = $5, updated_at = $6, version = $7
       WHERE id = $8 AND version = $9 RETURNING 1`,
      [
        d.name,
        d.description,
        d.team,
        d.range,
        JSON.stringify(d.panels),
        d.updatedAtMs,
        d.version,
        d.id,
        expectedVersion,
      ],
    );
    return r.length === 1;
  }

  async delete(id: string): Promise<boolean> {
    // dashboard_homes rows go with it (ON DELETE CASCADE), in the same statement.
    return (await this.db.query('DELETE FROM dashboards WHERE id = $1 RETURNING 1', [id])).length === 1;
  }

  async listHomes(): Promise<Array<{ team: string; dashboardId: string }>> {
    return this.db.query<{ team: string; dashboardId: string }>(
      'SELECT team, dashboard_id AS "dashboardId" FROM dashboard_homes ORDER BY team',
    );
  }

  async setHome(team: string, dashboardId: string | null, atMs: number): Promise<void> {
    if (dashboardId === null) await this.db.query('DELETE FROM dashboard_homes WHERE team = $1', [team]);
    else
      await this.db.query(
        `INSERT INTO dashboard_homes (team, dashboard_id, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (team) DO UPDATE SET dashboard_id = excluded.dashboard_id, updated_at = excluded.updated_at`,
        [team, dashboardId, atMs],
      );
  }
}
