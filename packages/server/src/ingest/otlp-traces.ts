/**
 * OTLP/HTTP JSON traces → Vigil events (docs/otlp.md). Pure: an `ExportTraceServiceRequest` in, one event
 * per AI span out. A span is an AI call when it carries a `vigil.model` attribute (on the span or its
 * resource) or any OpenTelemetry GenAI attribute (`gen_ai.*`); other spans (database, HTTP clients…) are
 * skipped, not rejected: an application's exporter sends everything.
 */

/** OTLP JSON `AnyValue`: exactly one field set. 64-bit integers may come as strings. */
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
interface Span {
  traceId?: string;
  spanId?: string;
  name?: string;
  startTimeUnixNano?: number | string;
  endTimeUnixNano?: number | string;
  attributes?: KeyValue[];
  status?: { code?: number | string; message?: string };
}

export interface OtlpConversion {
  /** Events to ingest, in span order. */
  events: Array<Record<string, unknown>>;
  /** Where each event came from ("resourceSpans[0].scopeSpans[0].spans[3] (chat gpt-4o)"), for error messages. */
  sources: string[];
  /** Spans that looked like AI calls but cannot become an event (reason names the span and the field). */
  rejected: Array<{ span: string; message: string }>;
  /** Spans without AI attributes, left out. */
  skipped: number;
}

type Attrs = Map<string, unknown>;

/** OTLP status code ERROR (also sent as the enum name by some exporters). */
const STATUS_ERROR = new Set([2, '2', 'STATUS_CODE_ERROR']);
const SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/**
 * Converts an OTLP/HTTP JSON trace export. Throws a `TypeError` naming the field when the body is not an
 * ExportTraceServiceRequest at all (→ 400); single bad spans are listed in `rejected` (→ partial success).
 * @example convertOtlpTraces({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [span] }] }] }).events
 */
export function convertOtlpTraces(body: unknown): OtlpConversion {
  const out: OtlpConversion = { events: [], sources: [], rejected: [], skipped: 0 };
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new TypeError('body: must be a JSON object (an OTLP ExportTraceServiceRequest)');
  const resourceSpans = field(body, 'resourceSpans', 'body');
  if (resourceSpans === undefined) return out;
  if (!Array.isArray(resourceSpans))
    throw new TypeError('body.resourceSpans: must be an array (an OTLP ExportTraceServiceRequest)');
  resourceSpans.forEach((rs: unknown, r) => {
    const resource = readAttributes(
      field(field(rs, 'resource', `resourceSpans[${r}]`), 'attributes', `resourceSpans[${r}].resource`),
      `resourceSpans[${r}].resource.attributes`,
    );
    const scopeSpans = field(rs, 'scopeSpans', `resourceSpans[${r}]`) ?? [];
    if (!Array.isArray(scopeSpans)) throw new TypeError(`resourceSpans[${r}].scopeSpans: must be an array`);
    scopeSpans.forEach((ss: unknown, s) => {
      const spans = field(ss, 'spans', `resourceSpans[${r}].scopeSpans[${s}]`) ?? [];
      if (!Array.isArray(spans)) throw new TypeError(`resourceSpans[${r}].scopeSpans[${s}].spans: must be an array`);
      spans.forEach((span: Span, i) => {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const attrs = readAttributes(span?.attributes, `${where}.attributes`);
        if (!isAiSpan(attrs, resource)) {
          out.skipped++;
          return;
        }
        const event = spanToEvent(span, attrs, resource);
        const source = `${where} (${typeof span?.name === 'string' ? span.name.slice(0, 100) : 'unnamed'})`;
        if (typeof event === 'string') {
          out.rejected.push({ span: source, message: event });
        } else {
          out.events.push(event);
          out.sources.push(source);
        }
      });
    });
  });
  return out;
}

function isAiSpan(attrs: Attrs, resource: Attrs): boolean {
  if (attrs.has('vigil.model') || resource.has('vigil.model')) return true;
  for (const key of attrs.keys()) if (key.startsWith('gen_ai.')) return true;
  return false;
}

/** The event of one AI span, or why there is none. */
function spanToEvent(span: Span, attrs: Attrs, resource: Attrs): Record<string, unknown> | string {
  const str = (key: string, from: Attrs = attrs) => {
    const v = from.get(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const num = (key: string) => {
    const v = attrs.get(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const start = nanos(span.startTimeUnixNano);
  const end = nanos(span.endTimeUnixNano);
  if (start === null) return 'startTimeUnixNano: missing or not a number of nanoseconds';
  // The Vigil model is the AI feature the span belongs to: vigil.model, else the service that made the call.
  const model = str('vigil.model') ?? str('vigil.model', resource) ?? slugify(str('service.name', resource));
  if (!model || !SLUG.test(model))
    return `vigil.model: set it (or service.name) to a model slug such as "barista-assistant"; got ${JSON.stringify(model ?? null)}`;
  const isGenAi = [...attrs.keys()].some((k) => k.startsWith('gen_ai.'));
  const method = str('http.request.method') ?? str('http.method');
  const route = str('http.route');
  const event: Record<string, unknown> = {
    model,
    timestamp: Number(start / 1_000_000n),
    requestId: str('vigil.request_id') ?? span.spanId,
    endpoint:
      str('vigil.endpoint') ??
      (method && route ? `${method} ${route}` : (typeof span.name === 'string' && span.name) || undefined),
  };
  if (end !== null && end >= start) event.latencyMs = Number(end - start) / 1e6;
  const modelType = str('vigil.model_type') ?? (isGenAi ? 'llm' : undefined);
  if (modelType) event.modelType = modelType;
  const version = str('vigil.model_version') ?? str('service.version', resource);
  if (version) event.modelVersion = version;
  if (STATUS_ERROR.has(span.status?.code as number)) {
    event.status = 'error';
    event.errorType = str('error.type') ?? 'span_error';
  }
  const cost = num('vigil.cost_usd');
  if (cost !== undefined) event.costUsd = cost;
  if (isGenAi) {
    const finish = attrs.get('gen_ai.response.finish_reasons');
    const llm: Record<string, unknown> = {
      provider: str('gen_ai.provider.name') ?? str('gen_ai.system'),
      requestModel: str('gen_ai.request.model') ?? str('gen_ai.response.model'),
      inputTokens: num('gen_ai.usage.input_tokens') ?? num('gen_ai.usage.prompt_tokens'),
      outputTokens: num('gen_ai.usage.output_tokens') ?? num('gen_ai.usage.completion_tokens'),
      finishReason:
        Array.isArray(finish) && typeof finish[0] === 'string'
          ? finish[0]
          : typeof finish === 'string'
            ? finish
            : undefined,
    };
    event.llm = Object.fromEntries(Object.entries(llm).filter(([, v]) => v !== undefined));
  }
  const tags: Record<string, string> = {};
  const env = str('deployment.environment.name', resource) ?? str('deployment.environment', resource);
  if (env) tags.env = env;
  for (const [key, value] of [...resource, ...attrs]) {
    if (key.startsWith('vigil.tag.') && typeof value === 'string') tags[key.slice('vigil.tag.'.length)] = value;
  }
  if (Object.keys(tags).length) event.tags = tags;
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
}

function field(obj: unknown, key: string, where: string): unknown {
  if (obj === undefined || obj === null) return undefined;
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new TypeError(`${where}: must be an object`);
  return (obj as Record<string, unknown>)[key];
}

function readAttributes(list: unknown, where: string): Attrs {
  const out: Attrs = new Map();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw new TypeError(`${where}: must be an array of {key, value}`);
  for (const kv of list as KeyValue[]) if (kv && typeof kv.key === 'string') out.set(kv.key, anyValue(kv.value));
  return out;
}

/**
 * An attribute's value. Arrays are read one level deep (gen_ai.response.finish_reasons is a list of strings);
 * nested arrays and kvlists are not used by any mapped attribute, and reading them recursively would let a
 * deeply nested value overflow the stack.
 */
function anyValue(v: AnyValue | undefined, nested = false): unknown {
  if (!v || typeof v !== 'object') return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue && !nested)
    return Array.isArray(v.arrayValue.values) ? v.arrayValue.values.map((x) => anyValue(x, true)) : [];
  return undefined;
}

/** OTLP times are unsigned 64-bit nanoseconds, as a decimal string or a number; kept exact as a bigint. */
function nanos(v: number | string | undefined): bigint | null {
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v) > 0n ? BigInt(v) : null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return BigInt(v);
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return BigInt(Math.round(v));
  return null;
}

function slugify(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 128);
  return slug || undefined;
}
