import type { ExportKind } from '@vigil/protocol';
import type { ExportDestination } from './export-types.js';
import type { RetryOptions } from './export-http.js';
import { DatadogDestination, type DatadogOptions } from './datadog-destination.js';
import { SplunkDestination, type SplunkOptions } from './splunk-destination.js';
import { NewRelicDestination, type NewRelicOptions } from './newrelic-destination.js';
import { CloudWatchDestination, type CloudWatchOptions } from './cloudwatch-destination.js';
import { OtlpDestination, type OtlpExportOptions } from './otlp-destination.js';

/**
 * The plug-in of a destination kind, from settings the API validated (packages/protocol export-schema.ts).
 * Adding a destination kind is one class and one line here.
 */
export function createDestination(
  kind: ExportKind,
  settings: Record<string, unknown>,
  retry: RetryOptions,
): ExportDestination {
  switch (kind) {
    case 'datadog':
      return new DatadogDestination(settings as unknown as DatadogOptions, retry);
    case 'splunk':
      return new SplunkDestination(settings as unknown as SplunkOptions, retry);
    case 'newrelic':
      return new NewRelicDestination(settings as unknown as NewRelicOptions, retry);
    case 'cloudwatch':
      return new CloudWatchDestination(settings as unknown as CloudWatchOptions, retry);
    case 'otlp':
      return new OtlpDestination(settings as unknown as OtlpExportOptions, retry);
  }
}
