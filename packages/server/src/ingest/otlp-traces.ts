/**
 * OTLP traces → Vigil events (docs/otlp.md). Pure: an `ExportTraceServiceRequest` in the OTLP/JSON shape (the
 * JSON encoding as sent, or a decoded protobuf body: otlp-codec.ts) in, one event per AI span out. A span is
 * an AI call when it carries `vigil.model` (on the span or its resource) or GenAI, OpenInference or
 * OpenLLMetry attributes (otlp-genai-mapping.ts); other spans (database, HTTP clients…) are skipped, not
 * rejected: an application's exporter sends everything.
 */
import { field, list, nanos, readAttributes } from './otlp-attributes.js';
import { callToEvent, isAiCall } from './otlp-genai-mapping.js';

export interface OtlpConversion {
  /** Events to ingest, in span (or log record) order. */
  events: Array<Record<string, unknown>>;
  /** Where each event came from ("resourceSpans[0].scopeSpans[0].spans[3] (chat gpt-4o)"), for error messages. */
  sources: string[];
  /** Items that looked like AI calls but cannot become an event (reason names the item and the field). */
  rejected: Array<{ span: string; message: string }>;
  /** Items without AI attributes, left out. */
  skipped: number;
}

/** OTLP status code ERROR (also sent as the enum name by some exporters). */
const STATUS_ERROR = new Set<unknown>([2, '2', 'STATUS_CODE_ERROR']);

interface Span {
  spanId?: string;
  name?: string;
  startTimeUnixNano?: number | string;
  endTimeUnixNano?: number | string;
  attributes?: unknown;
  status?: { code?: number | string };
}

/**
 * Converts an OTLP trace export. Throws a `TypeError` naming the field when the body is not an
 * ExportTraceServiceRequest at all (→ 400); single bad spans are listed in `rejected` (→ partial success).
 * @example convertOtlpTraces({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [span] }] }] }).events
 */
export function convertOtlpTraces(body: unknown): OtlpConversion {
  const out: OtlpConversion = { events: [], sources: [], rejected: [], skipped: 0 };
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new TypeError('body: must be a JSON object (an OTLP ExportTraceServiceRequest)');
  list(body, 'resourceSpans', 'body').forEach((rs: unknown, r) => {
    const resource = readAttributes(
      field(field(rs, 'resource', `resourceSpans[${r}]`), 'attributes', `resourceSpans[${r}].resource`),
      `resourceSpans[${r}].resource.attributes`,
    );
    list(rs, 'scopeSpans', `resourceSpans[${r}]`).forEach((ss: unknown, s) => {
      list(ss, 'spans', `resourceSpans[${r}].scopeSpans[${s}]`).forEach((item: unknown, i) => {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const span = (item ?? {}) as Span;
        const attrs = readAttributes(span.attributes, `${where}.attributes`);
        if (!isAiCall(attrs, resource)) {
          out.skipped++;
          return;
        }
        const source = `${where} (${typeof span.name === 'string' ? span.name.slice(0, 100) : 'unnamed'})`;
        const start = nanos(span.startTimeUnixNano);
        const event =
          start === null
            ? 'startTimeUnixNano: missing or not a number of nanoseconds'
            : callToEvent({
                attrs,
                resource,
                name: typeof span.name === 'string' && span.name ? span.name : undefined,
                startNs: start,
                endNs: nanos(span.endTimeUnixNano),
                id: typeof span.spanId === 'string' && span.spanId ? span.spanId : undefined,
                isError: STATUS_ERROR.has(span.status?.code),
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
