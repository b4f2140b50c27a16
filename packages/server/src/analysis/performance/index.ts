export { CbpeAccumulator, estimatePerformance, type CbpeAccumulatorJson, type CbpeEstimate } from './cbpe.js';
export {
  AUC_BINS,
  ClassificationAccumulator,
  LOG_LOSS_EPSILON,
  type ClassificationAccumulatorJson,
} from './classification-accumulator.js';
export {
  computeClassificationMetrics,
  type ClassMetrics,
  type ClassificationMetrics,
} from './classification-metrics.js';
export {
  defaultBinaryReading,
  readPredictedClass,
  readPredictedValue,
  readProbabilities,
  toClassKey,
  type BinaryReading,
  type LabelValue,
  type LabelledPrediction,
  type PredictionValue,
} from './prediction-reading.js';
export {
  RegressionAccumulator,
  computeRegressionMetrics,
  type RegressionAccumulatorJson,
  type RegressionMetrics,
} from './regression-accumulator.js';
export { computeRocAuc, rocAucFromHistograms, type HistogramAuc } from './roc-auc.js';
