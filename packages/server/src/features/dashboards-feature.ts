import { dashboardRoutes } from '../api/dashboards/dashboard-routes.js';
import { createDashboardService } from '../dashboards/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * Custom dashboards: named sets of panels saved through the API, shared by link, and each team's pinned home
 * (a team must exist in the alerting team directory to pin one). No background work.
 * @example features.push(await registerDashboardsFeature(ctx));
 */
export async function registerDashboardsFeature(ctx: FeatureContext): Promise<FeatureLifecycle> {
  const { app, store, now } = ctx;
  const dashboards = createDashboardService({
    store: store.dashboards,
    teams: async () => (await store.alerting.teams.list()).map((t) => t.name),
    now,
  });
  await app.register(dashboardRoutes, { dashboards });
  return {};
}
