export {
  listAiSystems,
  resolveMttrBaseline,
  computeScorecard,
  findShadowModels,
  snapshotCoverage,
  TARGETS,
  TREND_WINDOW_MS,
  type ScorecardInput,
  type ScorecardUseCase,
} from './scorecard.js';
export { coverageTrend, startOfUtcDay, type CoverageSnapshot } from './coverage-history.js';
