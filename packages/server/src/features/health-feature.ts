import type { FeatureContext, FeatureLifecycle } from '../app.js';
import { registerModelHealthReadRoutes } from '../api/health/model-health-read-routes.js';
import { registerReferenceRoutes } from '../api/health/model-health-reference-routes.js';

/**
 * Model health over HTTP: the reference baseline, drift (with histograms and a timeline), data quality
 * and performance with late labels, all computed from the hourly model windows ingest stores.
 * No background work: every answer merges stored windows on request.
 *
 * @example features.push(registerModelHealthRoutes(ctx));
 */
export function registerModelHealthRoutes(ctx: FeatureContext): FeatureLifecycle {
  const deps = { store: ctx.store, now: ctx.now };
  registerModelHealthReadRoutes(ctx.app, deps);
  // Its own scope: the CSV / JSON Lines parsers must not leak to other routes.
  void ctx.app.register(async (scope) => registerReferenceRoutes(scope, deps));
  return {};
}
