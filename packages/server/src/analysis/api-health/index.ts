export {
  HealthCell,
  cellToParts,
  cellFromParts,
  type HealthCellParts,
  type CallFacts,
  ROLLUP_LEVELS,
  MINUTE_MS,
  HOUR_MS,
  SIX_HOURS_MS,
  DAY_MS,
  bucketStart,
  type RollupLevel,
} from './health-cell.js';
export {
  HealthAggregator,
  segmentName,
  SEGMENT_VALUES_PER_KEY,
  SEGMENT_KEYS_PER_MODEL,
  OTHER_SEGMENT_VALUE,
  type SegmentLimits,
  type SegmentFolds,
  type CellDelta,
  type CellKey,
  type ModelSighting,
} from './health-aggregator.js';
export { computeMetric, isKnownMetric, summarizeCell, METRICS, type HealthSummary } from './health-metrics.js';
export { planTimeseries, buildPoints, type TimeseriesPlan, DEFAULT_POINTS, MAX_POINTS } from './timeseries-plan.js';
export { planCoverage, type CoverageSegment } from './coverage-plan.js';
