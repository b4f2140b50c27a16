import type { Registry } from 'prom-client';
import { exportRoutes } from '../api/export/export-routes.js';
import { createGuardedFetch, createGuardedLookup } from '../alerting/index.js';
import { createExportService } from '../export/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * Export: per-destination cycles sending rollups, model-health scores and incident transitions to Datadog,
 * Splunk HEC, New Relic, CloudWatch and OTLP (`/api/v1/exports…`); its vigil_export_* counters go to the
 * /metrics registry.
 * @example features.push(await registerExportFeature(ctx, { registry: exporter.registry }));
 */
export async function registerExportFeature(
  ctx: FeatureContext,
  deps: { registry: Registry },
): Promise<FeatureLifecycle> {
  const { app, store, config, now } = ctx;
  const exports = createExportService({
    store: { exports: store.exports, rollups: store.rollups, alerting: store.alerting, references: store.references },
    registry: deps.registry,
    now,
    intervalMs: config.exportIntervalMs,
    settleMs: config.exportSettleMs,
    externalUrl: config.externalUrl,
    log: app.log,
    // Destinations are checked again when Vigil connects (DNS rebinding), not only when they are saved.
    retry: {
      fetch: createGuardedFetch({ allowLoopback: config.allowLoopbackTargets }),
      lookup: createGuardedLookup({ allowLoopback: config.allowLoopbackTargets }),
    },
  });
  await app.register(exportRoutes, { exports });
  return { start: () => exports.start(), stop: () => exports.stop() };
}
