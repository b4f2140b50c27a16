// The export stage: Vigil's numbers and incident events sent to Datadog, Splunk, New Relic, CloudWatch and OTLP.
export { createExportService, type ExportService, type ExportServiceOptions } from './export-service.js';
export type { ExportDestination, MetricPoint, IncidentEvent, ExportAttemptResult } from './export-types.js';
export { maskExportSettings, restoreExportSecrets } from './export-secrets.js';
