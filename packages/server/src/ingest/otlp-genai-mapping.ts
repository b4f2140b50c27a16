/**
 * One AI call described by OpenTelemetry attributes → one Vigil event. Shared by spans (`/v1/traces`) and log
 * records (`/v1/logs`, e.g. GenAI events). Reads the OpenTelemetry GenAI semantic conventions (`gen_ai.*`,
 * with their deprecated names), OpenInference (`llm.model_name`, `llm.token_count.*`, Arize Phoenix) and
 * OpenLLMetry (Traceloop: `llm.request.model`, `llm.usage.*`, `llm.vendor`), plus Vigil's own `vigil.*`
 * attributes, which win. The table is in docs/otlp.md. Pure.
 */
import { EVENT_BOUNDS } from '@vigil/protocol';
import type { Attrs } from './otlp-attributes.js';

/** An AI call as the converters find it in a span or a log record. */
export interface OtlpCall {
  attrs: Attrs;
  resource: Attrs;
  name: string | undefined;
  startNs: bigint;
  /** null when the record has no duration (log records). */
  endNs: bigint | null;
  /** The span id in hex: the request id unless vigil.request_id says otherwise. */
  id: string | undefined;
  isError: boolean;
}

const SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;
/** OpenInference span kinds that are model calls (CHAIN, TOOL, AGENT… are application steps around them). */
const OPENINFERENCE_CALLS = new Set(['LLM', 'EMBEDDING', 'RERANKER']);
/** OpenInference and OpenLLMetry attributes that only a model call carries. */
const LLM_CALL_KEYS = [
  'llm.model_name',
  'llm.request.model',
  'llm.response.model',
  'llm.vendor',
  'llm.request.type',
  'embedding.model_name',
];

/** Does the span or record describe an AI call (GenAI, OpenInference, OpenLLMetry or vigil.model)? */
export function isAiCall(attrs: Attrs, resource: Attrs): boolean {
  if (attrs.has('vigil.model') || resource.has('vigil.model')) return true;
  return isLlmCall(attrs);
}

function isLlmCall(attrs: Attrs): boolean {
  const kind = attrs.get('openinference.span.kind');
  if (typeof kind === 'string') return OPENINFERENCE_CALLS.has(kind.toUpperCase());
  for (const key of attrs.keys())
    if (key.startsWith('gen_ai.') || key.startsWith('llm.token_count.') || key.startsWith('llm.usage.')) return true;
  return LLM_CALL_KEYS.some((k) => attrs.has(k));
}

/**
 * The Vigil model an AI call (or a GenAI metric data point) belongs to: the AI feature, `vigil.model` on the item
 * or its resource, else the service that made the call (`service.name`, slugified). Spans, log records and GenAI
 * client metrics use the same rule, so they land on the same model page.
 * @example vigilModelOf(new Map(), new Map([['service.name', 'Barista Assistant']])) // { model: 'barista-assistant' }
 */
export function vigilModelOf(attrs: Attrs, resource: Attrs): { model: string } | { problem: string } {
  const text = (m: Attrs, key: string) => {
    const v = m.get(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const model = text(attrs, 'vigil.model') ?? text(resource, 'vigil.model') ?? slugify(text(resource, 'service.name'));
  if (!model || !SLUG.test(model))
    return {
      problem: `vigil.model: set it (or service.name) to a model slug such as "barista-assistant"; got ${JSON.stringify(model ?? null)}`,
    };
  return { model };
}

/** The event of one AI call, or why there is none (the message names the attribute to set). */
export function callToEvent(call: OtlpCall): Record<string, unknown> | string {
  const { attrs, resource } = call;
  const str = (...keys: string[]) => {
    for (const key of keys) {
      const v = attrs.get(key);
      if (typeof v === 'string' && v !== '') return v;
    }
    return undefined;
  };
  const resStr = (key: string) => {
    const v = resource.get(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const num = (...keys: string[]) => {
    for (const key of keys) {
      const v = attrs.get(key);
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      // OpenInference and some exporters send counts as strings.
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    }
    return undefined;
  };
  const resolved = vigilModelOf(attrs, resource);
  if ('problem' in resolved) return resolved.problem;
  const { model } = resolved;
  const isLlm = isLlmCall(attrs);
  const method = str('http.request.method', 'http.method');
  const route = str('http.route');
  const event: Record<string, unknown> = {
    model,
    timestamp: Number(call.startNs / 1_000_000n),
    requestId: str('vigil.request_id') ?? call.id,
    endpoint: str('vigil.endpoint') ?? (method && route ? `${method} ${route}` : call.name || undefined),
  };
  // The data subject (GDPR): ours, else OpenTelemetry's `enduser.id` or `user.id` (semantic conventions).
  const subjectId = str('vigil.subject_id', 'enduser.id', 'user.id');
  if (subjectId) event.subjectId = subjectId;
  if (call.endNs !== null && call.endNs >= call.startNs) event.latencyMs = Number(call.endNs - call.startNs) / 1e6;
  else {
    // Log records carry no duration; GenAI events may state it (seconds, as the duration metric does).
    const seconds = num('gen_ai.client.operation.duration');
    const ms = num('vigil.latency_ms');
    if (ms !== undefined) event.latencyMs = ms;
    else if (seconds !== undefined) event.latencyMs = seconds * 1000;
  }
  const modelType = str('vigil.model_type') ?? (isLlm ? 'llm' : undefined);
  if (modelType) event.modelType = modelType;
  const version = str('vigil.model_version') ?? resStr('service.version');
  if (version) event.modelVersion = version;
  if (call.isError) {
    event.status = 'error';
    event.errorType = str('error.type', 'exception.type') ?? 'span_error';
  }
  const cost = num('vigil.cost_usd', 'llm.cost.total');
  if (cost !== undefined) event.costUsd = cost;
  if (isLlm) {
    const text = (...keys: string[]) => str(...keys)?.slice(0, EVENT_BOUNDS.maxLlmTextLength);
    const finish = attrs.get('gen_ai.response.finish_reasons');
    const llm: Record<string, unknown> = {
      provider: str('gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system', 'llm.vendor'),
      requestModel: str(
        'gen_ai.request.model',
        'gen_ai.response.model',
        'llm.model_name',
        'llm.request.model',
        'llm.response.model',
        'embedding.model_name',
      ),
      inputTokens: num(
        'gen_ai.usage.input_tokens',
        'gen_ai.usage.prompt_tokens',
        'llm.token_count.prompt',
        'llm.usage.prompt_tokens',
      ),
      outputTokens: num(
        'gen_ai.usage.output_tokens',
        'gen_ai.usage.completion_tokens',
        'llm.token_count.completion',
        'llm.usage.completion_tokens',
      ),
      ttftMs: num('vigil.ttft_ms'),
      // The text, when the instrumentation records it (opt-in in every convention): GenAI's deprecated
      // gen_ai.prompt/completion, OpenLLMetry's indexed messages, OpenInference's input/output values. Kept to the
      // event bound; personal data in it follows the privacy policy like text sent through the events API.
      prompt: text('gen_ai.prompt', 'gen_ai.prompt.0.content', 'llm.input_messages.0.message.content', 'input.value'),
      response: text(
        'gen_ai.completion',
        'gen_ai.completion.0.content',
        'llm.output_messages.0.message.content',
        'output.value',
      ),
      finishReason:
        Array.isArray(finish) && typeof finish[0] === 'string'
          ? finish[0]
          : typeof finish === 'string'
            ? finish
            : str('gen_ai.completion.0.finish_reason', 'llm.response.finish_reason'),
    };
    event.llm = Object.fromEntries(Object.entries(llm).filter(([, v]) => v !== undefined));
  }
  const tags: Record<string, string> = {};
  const env = resStr('deployment.environment.name') ?? resStr('deployment.environment');
  if (env) tags.env = env;
  for (const [key, value] of [...resource, ...attrs]) {
    if (key.startsWith('vigil.tag.') && typeof value === 'string') tags[key.slice('vigil.tag.'.length)] = value;
  }
  if (Object.keys(tags).length) event.tags = tags;
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
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
