export { ModelWindow, ModelWindowAggregator, MODEL_WINDOW_MS, type JoinedPrediction } from './model-window.js';
export { bucketWindows, mergeWindows, widenToHours, WindowBucketer, type WindowBucket } from './window-merge.js';
export {
  categoryCounts,
  columnKind,
  reconstructSample,
  MAX_RECONSTRUCTED_SAMPLE,
  OTHER_CATEGORY,
} from './profile-columns.js';
export {
  computeProfileDrift,
  OPERATIONAL_COLUMNS,
  type DriftHistogram,
  type ProfileColumnDrift,
  type ProfileDriftOptions,
  type ProfileDriftReport,
} from './profile-drift.js';
export {
  computeDriftTimeline,
  DriftTimelineBuilder,
  type DriftTimeline,
  type DriftTimelineColumn,
} from './drift-timeline.js';
export {
  categoryShares,
  describeColumn,
  summariseLlmProfile,
  summariseVisionProfile,
  type ColumnDistribution,
  type LlmWindowSignals,
  type VisionWindowSignals,
} from './output-signals.js';
export {
  computePerformancePoint,
  computePerformanceTimeline,
  countPredictions,
  performanceKind,
  type PerformanceKind,
  type PerformancePoint,
  type PerformanceReport,
} from './performance-timeline.js';
export {
  isOutputColumn,
  profileCsv,
  profileJsonLines,
  profileJsonRows,
  ReferenceDatasetError,
  typeCsvField,
} from './reference-dataset.js';
export {
  computeModelHealthMetric,
  FEATURE_TAG,
  isModelHealthMetric,
  MODEL_HEALTH_METRICS,
  type ModelHealthMetric,
  type ModelHealthMetricInput,
} from './health-metrics.js';
