export { checkDataQuality, type DataQualityOptions } from './check-data-quality.js';
export { estimateOutside, type DeclaredRange } from './column-checks.js';
export {
  defaultQualityThresholds,
  rateSeverity,
  type FeatureQuality,
  type QualityCheckName,
  type QualityFinding,
  type QualityReport,
  type QualityThresholds,
  type RateThresholds,
  type Severity,
} from './quality-types.js';
export {
  describeEndpointColumns,
  expectedColumnRows,
  listColumns,
  type ColumnRows,
  type EndpointColumns,
} from './endpoint-columns.js';
