// The ingest stage: validate each event and label, commit the accepted ones, feed the live aggregates; read
// stored events back; OTLP traces in (otlp-routes.ts stays here until issue 17's OTLP work has landed).
export {
  IngestPipeline,
  type IngestPipelineOptions,
  type IngestCardinality,
  type TokenPricer,
} from './ingest-pipeline.js';
export { OTHER_ERROR_TYPE, type CardinalityLimits } from './cardinality-guard.js';
export type { IngestObserver } from './ingest-observer.js';
export { normalizeEvent, normalizeLabel, recordToFacts } from './normalize-event.js';
export { createEventReader, type EventReader } from './event-reader.js';
export { parseIsoDateTime } from './iso-date-time.js';
export { registerOtlpRoutes } from './otlp-routes.js';
export type { StoredEventRecord } from '../storage/index.js';
