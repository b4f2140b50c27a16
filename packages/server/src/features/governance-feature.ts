import { costRoutes } from '../api/governance/cost-routes.js';
import { reportRoutes } from '../api/governance/report-routes.js';
import { roiRoutes } from '../api/governance/roi-routes.js';
import { scorecardRoutes } from '../api/governance/scorecard-routes.js';
import { useCaseRoutes } from '../api/governance/use-case-routes.js';
import {
  createCostService,
  createGovernanceService,
  createReportService,
  type CostService,
} from '../governance/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * Governance: the use-case registry and intake (`/api/v1/use-cases…`), the ROI calculator, the scorecard and
 * its daily coverage snapshot, cost monitoring (spend, budgets, the LLM price table, which ingest uses to price
 * LLM calls sent without a cost) and the executive report.
 * @example const governance = await registerGovernanceFeature(ctx); features.push(governance);
 */
export async function registerGovernanceFeature(
  ctx: FeatureContext,
): Promise<FeatureLifecycle & { cost: CostService }> {
  const { app, store, pipeline, now } = ctx;
  const governance = createGovernanceService({ store, now, log: app.log });
  // Ingest prices LLM events sent without costUsd with the table in force (kept in memory, reloaded on change).
  const cost = createCostService({ store, now, onPricesChanged: (pricer) => pipeline.setPricer(pricer) });
  const report = createReportService({ store, now, cost, scorecards: governance.scorecards });
  await app.register(roiRoutes, { governance });
  await app.register(useCaseRoutes, { useCases: governance.useCases });
  await app.register(scorecardRoutes, { scorecards: governance.scorecards, now });
  await app.register(costRoutes, { cost, now });
  await app.register(reportRoutes, { report, now });
  return {
    cost,
    // Every node prices events at ingest; the coverage snapshot job runs on the background lease holder only.
    async start() {
      pipeline.setPricer(await cost.loadPricer());
      governance.start();
    },
    stop: () => governance.stop(),
    async follow() {
      pipeline.setPricer(await cost.loadPricer());
    },
  };
}
