/**
 * Drift statistics that agree with scipy/numpy to 1e-6, and the engine that applies them per column.
 * Pure code: no I/O, no clock. See docs/drift.md for the pinned definitions.
 */
export {
  computeDrift,
  computeColumnDrift,
  summarizeDrift,
  DEFAULT_THRESHOLDS,
  isPValueMethod,
} from './compute-drift.js';
export * from './drift-types.js';
export { ksTest, ksStatistic } from './ks-test.js';
export { kolmogorovSf } from './kolmogorov-distribution.js';
export { smirnovSf } from './smirnov-distribution.js';
export { chiSquareSf, upperRegularizedGamma, logGamma } from './chi-square-distribution.js';
export { chiSquareTest } from './chisquare-test.js';
export { computePsi, computeKl, computeJensenShannon, computeHellinger, floorShares } from './share-distances.js';
export { wassersteinDistance, normedWasserstein, populationStd } from './wasserstein-distance.js';
export { binNumerical, binCategorical, sturgesEdges, histogramCounts, type BinnedPair } from './histogram-binning.js';
export { sortFloat64, sortInt32 } from './float64-radix-sort.js';
export { ColumnBuilder } from './column-builder.js';
export { decimalToSortedFloat64, type DecimalValues } from './decimal-values.js';
export { MISSING_TOKENS, parseNumberBytes } from './number-bytes.js';
export { ByteCategoryCounter } from './byte-category-counter.js';
export { explainColumn, formatNumber } from './drift-formatting.js';
export { renderDriftHtml, type HtmlReportMeta } from './html-report.js';
export { renderJunit, escapeXml, type JunitCase, type JunitSuite } from './junit-report.js';
