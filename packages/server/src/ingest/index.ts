export { IngestPipeline, type IngestPipelineOptions } from './ingest-pipeline.js';
export type { IngestObserver } from './ingest-observer.js';
export { normalizeEvent, normalizeLabel, recordToFacts } from './normalize-event.js';
export { registerIngestRoutes } from './ingest-routes.js';
export { registerOtlpRoutes } from './otlp-routes.js';
