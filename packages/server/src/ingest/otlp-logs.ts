/**
 * OTLP logs → Vigil events (docs/otlp.md). Pure. A log record is an AI call when its attributes say so, as a
 * span's do (otlp-genai-mapping.ts): the GenAI events (`gen_ai.client.inference.operation.details` and the
 * like) and OpenLLMetry/OpenInference records carry the model, provider and token counts of one call. Other
 * records (application logs) are skipped, not rejected.
 */
import { field, list, nanos, readAttributes } from './otlp-attributes.js';
import { callToEvent, isAiCall } from './otlp-genai-mapping.js';
import type { OtlpConversion } from './otlp-traces.js';

interface LogRecord {
  timeUnixNano?: number | string;
  observedTimeUnixNano?: number | string;
  severityNumber?: number;
  eventName?: string;
  attributes?: unknown;
  spanId?: string;
}

/** SeverityNumber 17–24 are ERROR and FATAL. */
const SEVERITY_ERROR = 17;

/**
 * Converts an OTLP logs export. Throws a `TypeError` naming the field when the body is not an
 * ExportLogsServiceRequest (→ 400); single bad records are listed in `rejected` (→ partial success).
 * @example convertOtlpLogs({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] }).events
 */
export function convertOtlpLogs(body: unknown): OtlpConversion {
  const out: OtlpConversion = { events: [], sources: [], rejected: [], skipped: 0 };
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new TypeError('body: must be a JSON object (an OTLP ExportLogsServiceRequest)');
  list(body, 'resourceLogs', 'body').forEach((rl: unknown, r) => {
    const resource = readAttributes(
      field(field(rl, 'resource', `resourceLogs[${r}]`), 'attributes', `resourceLogs[${r}].resource`),
      `resourceLogs[${r}].resource.attributes`,
    );
    list(rl, 'scopeLogs', `resourceLogs[${r}]`).forEach((sl: unknown, s) => {
      list(sl, 'logRecords', `resourceLogs[${r}].scopeLogs[${s}]`).forEach((item: unknown, i) => {
        const where = `resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]`;
        const record = (item ?? {}) as LogRecord;
        const attrs = readAttributes(record.attributes, `${where}.attributes`);
        if (!isAiCall(attrs, resource)) {
          out.skipped++;
          return;
        }
        const name = typeof record.eventName === 'string' && record.eventName ? record.eventName : undefined;
        const source = `${where} (${name?.slice(0, 100) ?? 'log record'})`;
        // timeUnixNano is when the call happened; observedTimeUnixNano when the SDK saw the record (always set).
        const start = nanos(record.timeUnixNano) ?? nanos(record.observedTimeUnixNano);
        const event =
          start === null
            ? 'timeUnixNano: missing or not a number of nanoseconds (and no observedTimeUnixNano)'
            : callToEvent({
                attrs,
                resource,
                name,
                startNs: start,
                endNs: null,
                id: typeof record.spanId === 'string' && record.spanId ? record.spanId : undefined,
                isError: typeof record.severityNumber === 'number' && record.severityNumber >= SEVERITY_ERROR,
              });
        if (typeof event === 'string') out.rejected.push({ span: source, message: event });
        else {
          out.events.push(event);
          out.sources.push(source);
        }
      });
    });
  });
  return out;
}
