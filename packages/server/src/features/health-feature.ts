import { apiHealthRoutes } from '../api/health/api-health-routes.js';
import { modelHealthReadRoutes } from '../api/health/model-health-read-routes.js';
import { modelHealthReferenceRoutes } from '../api/health/model-health-reference-routes.js';
import { metricsSummaryRoutes } from '../api/health/metrics-summary-routes.js';
import { createApiHealthService, createModelHealthService } from '../health/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * API health (models, timeseries, summaries over an exact range, segments from the rollups) and model health (the reference baseline, drift
 * with histograms and a timeline, data quality, performance with late labels, from the hourly windows).
 * No background work: every answer is computed from the store on request.
 *
 * @example features.push(await registerHealthFeature(ctx));
 */
export async function registerHealthFeature(ctx: FeatureContext): Promise<FeatureLifecycle> {
  const { app, store, now } = ctx;
  const apiHealth = createApiHealthService({ store, now });
  await app.register(apiHealthRoutes, { apiHealth, now });
  await app.register(metricsSummaryRoutes, { apiHealth, now });
  const modelHealth = createModelHealthService({ store, now });
  await app.register(modelHealthReadRoutes, { modelHealth });
  await app.register(modelHealthReferenceRoutes, { modelHealth });
  return {};
}
