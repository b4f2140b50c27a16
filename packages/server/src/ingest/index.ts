export { IngestPipeline, type IngestPipelineOptions, type IngestCardinality } from './ingest-pipeline.js';
export { OTHER_ERROR_TYPE, type CardinalityLimits } from './cardinality-guard.js';
export type { IngestObserver } from './ingest-observer.js';
export { normalizeEvent, normalizeLabel, recordToFacts } from './normalize-event.js';
export { registerIngestRoutes } from './ingest-routes.js';
export { registerOtlpRoutes } from './otlp-routes.js';
export { createOtlpService, type OtlpService } from './otlp-service.js';
export { OtlpGrpcServer } from './otlp-grpc-server.js';
