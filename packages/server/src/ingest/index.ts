// The ingest stage: validate each event and label, commit the accepted ones, feed the live aggregates; read
// stored events back; OTLP traces, metrics and logs in (HTTP protobuf/JSON through api/ingest/otlp-routes.ts,
// gRPC through otlp-grpc-server.ts), decoded by otlp-codec.ts; host and container metrics (OTLP, Prometheus
// remote-write) into the infrastructure metric store.
export {
  IngestPipeline,
  type IngestPipelineOptions,
  type IngestCardinality,
  type TokenPricer,
} from './ingest-pipeline.js';
export { OTHER_ERROR_TYPE, type CardinalityLimits } from './cardinality-guard.js';
export type { IngestObserver } from './ingest-observer.js';
export { normalizeEvent, normalizeLabel, recordToFacts } from './normalize-event.js';
export { createEventReader, toStoredEvent, type EventReader } from './event-reader.js';
export { parseIsoDateTime } from './iso-date-time.js';
export { createOtlpService, type OtlpService } from './otlp-service.js';
export { OtlpGrpcServer } from './otlp-grpc-server.js';
export { createInfraIngestService, type InfraIngestService } from './infra-ingest-service.js';
export {
  decodeOtlpProtobuf,
  decodeOtlpResponse,
  encodeOtlpRequest,
  encodeOtlpResponse,
  encodeRpcStatus,
  otlpJsonResponse,
  rejectedField,
  type OtlpPartialSuccess,
  type OtlpSignal,
} from './otlp-codec.js';
export { grpcCodeForStatus } from './otlp-grpc-codes.js';
export type { StoredEventRecord } from '../storage/index.js';
