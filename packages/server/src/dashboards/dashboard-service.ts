import {
  PANEL_MODEL_HEALTH_METRICS,
  type Dashboard,
  type DashboardBody,
  type DashboardPanel,
  type DashboardRange,
} from '@vigil/protocol';
import { isKnownMetric, METRICS } from '../analysis/api-health/index.js';
import { VigilError } from '../errors/index.js';
import type { DashboardRecord, DashboardStore } from '../storage/index.js';

export interface DashboardService {
  list(): Promise<{ dashboards: Dashboard[]; homes: Array<{ team: string; dashboardId: string }> }>;
  get(id: string): Promise<Dashboard>;
  create(body: DashboardBody): Promise<Dashboard>;
  replace(id: string, body: DashboardBody): Promise<Dashboard>;
  remove(id: string): Promise<void>;
  /** Pins (or with null unpins) a team's home dashboard; the team must exist. */
  setHome(team: string, dashboardId: string | null): Promise<Array<{ team: string; dashboardId: string }>>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'dashboard'
  );
}

/** Checks what the schema cannot: known metrics, unique panel ids, a grouping for tables. Throws naming the field. */
export function checkPanels(panels: readonly DashboardPanel[]): void {
  const ids = new Set<string>();
  panels.forEach((p, i) => {
    const at = `body.panels[${i}]`;
    if (ids.has(p.id)) throw new VigilError('VIGIL_ERR_VALIDATION', `${at}.id: "${p.id}" is used by another panel`);
    ids.add(p.id);
    const isModelHealth = (m: string) => (PANEL_MODEL_HEALTH_METRICS as readonly string[]).includes(m);
    const unknown = p.metrics.filter((m) => !isKnownMetric(m) && !isModelHealth(m));
    if (unknown.length)
      throw new VigilError(
        'VIGIL_ERR_VALIDATION',
        `${at}.metrics: unknown metric "${unknown[0]}"; choose from ${[...Object.keys(METRICS), ...PANEL_MODEL_HEALTH_METRICS].join(', ')}`,
      );
    const health = p.metrics.filter(isModelHealth);
    if (health.length) {
      if (health.length !== p.metrics.length)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `${at}.metrics: do not mix model-health metrics (${health.join(', ')}) with API-health ones in one panel`,
        );
      if (p.model === undefined)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `${at}.model: ${health[0]} is a model-health metric; name the model`,
        );
      if (p.display === 'table' || p.groupBy || p.endpoint !== undefined || p.segment !== undefined)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `${at}.display: model-health metrics are a chart or a number of one model (no table, groupBy, endpoint or segment)`,
        );
    }
    if (p.display === 'table' && !p.groupBy)
      throw new VigilError('VIGIL_ERR_VALIDATION', `${at}.groupBy: a table needs one row per "model" or "endpoint"`);
    if (p.segment !== undefined && !/^[^=]+=.+$/.test(p.segment))
      throw new VigilError(
        'VIGIL_ERR_VALIDATION',
        `${at}.segment: "${p.segment}" is not key=value (e.g. store=store-007)`,
      );
  });
}

/**
 * Custom dashboards: named sets of panels, saved and shared by link (`/dashboards/<id>`), and the home
 * dashboard each team pins. Validation beyond the wire schema happens here; the store only keeps them.
 * @example const dashboards = createDashboardService({ store: store.dashboards, teams: () => names, now: Date.now });
 */
export function createDashboardService(deps: {
  store: DashboardStore;
  /** Names of the configured teams (a team must exist to pin a home). */
  teams: () => Promise<string[]>;
  now: () => number;
}): DashboardService {
  const { store, now } = deps;

  const present = (r: DashboardRecord, homes: Array<{ team: string; dashboardId: string }>): Dashboard => ({
    id: r.id,
    name: r.name,
    description: r.description,
    team: r.team,
    range: r.range as DashboardRange,
    panels: r.panels as DashboardPanel[],
    createdAt: iso(r.createdAtMs),
    updatedAt: iso(r.updatedAtMs),
    version: r.version,
    homeOf: homes.filter((h) => h.dashboardId === r.id).map((h) => h.team),
  });

  const load = async (id: string): Promise<DashboardRecord> => {
    const r = await store.get(id);
    if (!r)
      throw new VigilError(
        'VIGIL_ERR_NOT_FOUND',
        `dashboard "${id}" does not exist; list them with GET /api/v1/dashboards`,
      );
    return r;
  };

  return {
    async list() {
      const [records, homes] = await Promise.all([store.list(), store.listHomes()]);
      return { dashboards: records.map((r) => present(r, homes)), homes };
    },
    async get(id) {
      return present(await load(id), await store.listHomes());
    },
    async create(body) {
      checkPanels(body.panels);
      const at = now();
      const record: DashboardRecord = {
        id: body.id ?? slugify(body.name),
        name: body.name,
        description: body.description ?? null,
        team: body.team ?? null,
        range: body.range,
        panels: body.panels,
        createdAtMs: at,
        updatedAtMs: at,
        version: 1,
      };
      if (!(await store.create(record)))
        throw new VigilError(
          'VIGIL_ERR_CONFLICT',
          `body.id: dashboard "${record.id}" already exists; choose another id or PUT /api/v1/dashboards/${record.id}`,
        );
      return present(record, await store.listHomes());
    },
    async replace(id, body) {
      if (body.id !== undefined && body.id !== id)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.id: "${body.id}" differs from the path id "${id}"; ids cannot change`,
        );
      checkPanels(body.panels);
      const current = await load(id);
      const next: DashboardRecord = {
        ...current,
        name: body.name,
        description: body.description ?? null,
        team: body.team ?? null,
        range: body.range,
        panels: body.panels,
        updatedAtMs: now(),
        version: current.version + 1,
      };
      if (!(await store.update(next, current.version)))
        throw new VigilError('VIGIL_ERR_CONFLICT', `dashboard "${id}" changed concurrently; read it again and retry`);
      return present(next, await store.listHomes());
    },
    async remove(id) {
      if (!(await store.delete(id))) throw new VigilError('VIGIL_ERR_NOT_FOUND', `dashboard "${id}" does not exist`);
    },
    async setHome(team, dashboardId) {
      const teams = await deps.teams();
      if (!teams.includes(team))
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `params.team: team "${team}" does not exist; create it with PUT /api/v1/teams/${encodeURIComponent(team)} or pick one of ${teams.join(', ') || '(none)'}`,
        );
      if (dashboardId !== null) await load(dashboardId);
      await store.setHome(team, dashboardId, now());
      return store.listHomes();
    },
  };
}
