import { scheduledReportRoutes } from '../api/governance/scheduled-report-routes.js';
import type { DeliveryDispatcher } from '../alerting/index.js';
import { createScheduledReportService, scheduleReports, type CostService } from '../governance/index.js';
import { createTuningService } from '../incidents/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * Scheduled reports: the monthly (or weekly) monitoring-effectiveness review, generated from the executive
 * report and the alert-tuning statistics, printed to PDF, delivered to the Executive and Business channels and
 * archived. Registered after governance (cost) and alerting (the channel dispatcher).
 * @example features.push(await registerReportsFeature(ctx, { cost, dispatcher, evalStepMs }));
 */
export async function registerReportsFeature(
  ctx: FeatureContext,
  deps: {
    cost: CostService;
    dispatcher: DeliveryDispatcher;
    evalStepMs: number;
    externalUrl: () => string | undefined;
  },
): Promise<FeatureLifecycle> {
  const { app, store, config, now } = ctx;
  const reports = createScheduledReportService({
    store,
    now,
    cost: deps.cost,
    tuning: createTuningService({ store, evalStepMs: deps.evalStepMs }),
    dispatcher: deps.dispatcher,
    chromiumPath: config.reportChromiumPath,
    externalUrl: deps.externalUrl,
  });
  await app.register(scheduledReportRoutes, { reports });
  let stop: (() => Promise<void>) | null = null;
  return {
    start() {
      stop = scheduleReports(reports, { now, intervalMs: config.reportCheckIntervalMs, log: app.log });
    },
    stop: () => stop?.(),
  };
}
