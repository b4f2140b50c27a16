export {
  computeEmbeddingDrift,
  computeEmbeddingDriftFromSamples,
  type EmbeddingDrift,
  type EmbeddingDriftOptions,
} from './embedding-drift.js';
export { EmbeddingSample, type EmbeddingSampleJson } from './embedding-sample.js';
export {
  LlmSignals,
  REFUSAL_FINISH_REASONS,
  summariseLlmSignals,
  type DistributionSummary,
  type LlmDistribution,
  type LlmSignalSummary,
  type LlmSignalsJson,
} from './llm-signals.js';
export { createSeededRng, type Rng } from './seeded-rng.js';
export * from './prompt-injection.js';
