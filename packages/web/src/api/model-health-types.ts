// Wire shapes of the model-health API (packages/protocol/src/model-health-schema.ts), mirrored so the
// browser bundle does not pull TypeBox in.

export interface DriftHistogram {
  labels: string[];
  edges: number[] | null;
  shares: number[];
  count: number;
}

export interface ReferenceInfo {
  source: 'stored' | 'window';
  kind: 'window' | 'dataset';
  window: { from: number; to: number } | null;
  rows: number;
}

export interface DriftColumn {
  name: string;
  group: 'feature' | 'output';
  kind: 'numerical' | 'categorical';
  method: string;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  reference: DriftHistogram | null;
  current: DriftHistogram | null;
}

export interface DriftResult {
  model: string;
  window: { from: number; to: number };
  reference: ReferenceInfo;
  currentRows: number;
  columns: DriftColumn[];
  driftedShare: number;
  datasetDrift: boolean;
}

export interface DriftTimelineResult {
  model: string;
  window: { from: number; to: number };
  step: number;
  reference: ReferenceInfo;
  buckets: number[];
  rows: number[];
  driftedShare: Array<number | null>;
  datasetDrift: Array<boolean | null>;
  columns: Array<{
    name: string;
    group: 'feature' | 'output';
    kind: 'numerical' | 'categorical';
    method: string | null;
    threshold: number | null;
    statistic: Array<number | null>;
    pValue: Array<number | null>;
    drifted: Array<boolean | null>;
  }>;
}

export interface QualityFinding {
  check: string;
  feature: string | null;
  severity: 'info' | 'warning' | 'critical';
  rate: number;
  count: number;
  referenceRate: number | null;
  message: string;
}

export interface FeatureQuality {
  present: number;
  missingRate: number;
  referenceMissingRate: number | null;
  expectedType: string | null;
  typeMismatchRate: number;
  nonFiniteRate: number;
  outOfRangeRate: number | null;
  unseenCategoryRate: number | null;
  isConstant: boolean;
}

export interface QualityResult {
  model: string;
  window: { from: number; to: number };
  reference: ReferenceInfo | null;
  rows: number;
  duplicateRequestIds: number;
  findings: QualityFinding[];
  features: Record<string, FeatureQuality>;
}

export interface Estimate {
  n: number;
  expectedAccuracy: number | null;
  expectedPrecision: number | null;
  expectedRecall: number | null;
  expectedF1: number | null;
}

export interface Distribution {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LlmSignals {
  calls: number;
  refusalRate: number | null;
  emptyAnswerRate: number | null;
  finishReasons: Record<string, number>;
  inputTokens: Distribution | null;
  outputTokens: Distribution | null;
  costUsd: Distribution | null;
  ttftMs: Distribution | null;
  promptLength: Distribution | null;
  responseLength: Distribution | null;
}

export interface PerformancePoint {
  start: number;
  end: number;
  predictions: number;
  labels: number;
  labelCoverage: number | null;
  accuracy: number | null;
  macroPrecision: number | null;
  macroRecall: number | null;
  macroF1: number | null;
  rocAuc: number | null;
  logLoss: number | null;
  mae: number | null;
  rmse: number | null;
  mape: number | null;
  r2: number | null;
  estimated: Estimate | null;
  predictionMix: Record<string, number>;
  predictionDistribution: Distribution | null;
  llm: LlmSignals | null;
}

export interface PerformanceResult {
  model: string;
  modelType: string | null;
  kind: 'classification' | 'regression' | 'none';
  window: { from: number; to: number };
  step: number;
  points: PerformancePoint[];
  /** Labels in the window by label time, and those that matched no stored prediction (they score nothing). */
  labelJoin: { received: number; unmatched: number; unmatchedShare: number | null };
  total: {
    predictions: number;
    labels: number;
    labelCoverage: number | null;
    classification: {
      n: number;
      accuracy: number | null;
      macroPrecision: number | null;
      macroRecall: number | null;
      macroF1: number | null;
      rocAuc: number | null;
      logLoss: number | null;
      confusionMatrix: { labels: string[]; matrix: number[][] };
    } | null;
    regression: { n: number; mae: number | null; rmse: number | null; mape: number | null; r2: number | null } | null;
    estimated: Estimate | null;
    predictionMix: Record<string, number>;
    predictionDistribution: Distribution | null;
    llm: LlmSignals | null;
    vision: {
      images: number;
      properties: Record<string, Distribution>;
      categories: Record<string, Record<string, number>>;
      confidence: Distribution | null;
    } | null;
  };
}
