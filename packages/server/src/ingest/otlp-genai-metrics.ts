/**
 * OpenTelemetry GenAI metrics out of an OTLP metrics export → client-reported aggregates per service and LLM,
 * stored as infrastructure minutes (docs/otlp.md "Metrics", docs/infrastructure.md "GenAI client metrics"). Pure.
 *
 * Shapes, from the GenAI semantic conventions ("Semantic conventions for generative AI metrics",
 * open-telemetry/semantic-conventions docs/gen-ai/gen-ai-metrics.md, v1.37+; status Development):
 * - `gen_ai.client.token.usage`: Histogram, unit `{token}`, attributes `gen_ai.operation.name`,
 *   `gen_ai.provider.name` (earlier `gen_ai.system`), `gen_ai.token.type` (`input` | `output`),
 *   `gen_ai.request.model`, `gen_ai.response.model`, `server.address`, `server.port`; advised buckets
 *   [1, 4, 16, 64, …, 67108864]. Only the histogram's `sum` is kept: the tokens used.
 * - `gen_ai.client.operation.duration`: Histogram, unit `s`, the same attributes without the token type plus
 *   `error.type` when the operation failed; advised buckets [0.01, 0.02, 0.04, …, 81.92]. Kept: count (calls),
 *   sum (seconds), the bucket counts (for p50/p95 estimates) and the count of the points with `error.type`.
 * - `gen_ai.server.request.duration` (same buckets) and `gen_ai.server.time_to_first_token` (buckets
 *   [0.001, 0.005, …, 10.0]): Histograms in `s`, kept like the client duration.
 *
 * A data point is an aggregate over many calls, so it does not become events (that would invent per-call values)
 * nor enter the event rollups (which recovery rebuilds from the event log): it is a series of its own, shown as
 * "client-reported". Every data point attribute set is one source series, cumulative (turned into increases by
 * the store, storage/infra-counters.ts) or delta. The resource is the exporting service (its resource attributes,
 * as for infrastructure) plus the LLM model; `model` is the Vigil model the spans of the same service map to
 * (otlp-genai-mapping.ts `vigilModelOf`).
 */
import { createHash } from 'node:crypto';
import { GENAI_PREFIXES, genAiBucketMetric } from '../analysis/infra/index.js';
import type { InfraPoint, InfraResource } from '../storage/index.js';
import { field, list, nanos, readAttributes, type Attrs } from './otlp-attributes.js';
import { vigilModelOf } from './otlp-genai-mapping.js';
import { readInfraResource } from './otlp-infra-metrics.js';

/** Histogram metric → the prefix of the stored metrics (`<prefix>.count`, `.sum`, `.errors`, `.le:<bound>`). */
export const GENAI_DURATION_METRICS: Readonly<Record<string, string>> = {
  'gen_ai.client.operation.duration': GENAI_PREFIXES.client,
  'gen_ai.server.request.duration': GENAI_PREFIXES.server,
  'gen_ai.server.time_to_first_token': GENAI_PREFIXES.ttft,
};
const TOKEN_USAGE = 'gen_ai.client.token.usage';
const TOKEN_TYPES = new Set(['input', 'output']);
/** The semconv advice has 14–16 boundaries; more is not a GenAI duration histogram worth a series per bucket. */
export const MAX_GENAI_BUCKET_BOUNDS = 32;
const MAX_NAME_LENGTH = 256;

export interface GenAiMetricsMapping {
  points: InfraPoint[];
  /** Data points stored, by OTLP metric name. */
  stored: Map<string, number>;
  /** Data points of `gen_ai.*` metrics not stored, each with why (naming the metric and the field). */
  rejected: Array<{ where: string; message: string }>;
}

const str = (a: Attrs, key: string): string | null => {
  const v = a.get(key);
  return typeof v === 'string' && v !== '' ? v : null;
};
const ms = (v: unknown): number | null => {
  const n = nanos(v);
  return n === null ? null : Number(n / 1_000_000n);
};
/** A count or sum as OTLP/JSON sends it (64-bit integers may be strings); null when not a finite number ≥ 0. */
const amount = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
};

/** A source series: every attribute of the data point, canonical, hashed so the key stays short. */
function seriesOf(attrs: Attrs): string {
  const canonical = JSON.stringify([...attrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

const NO_RESOURCE: InfraResource = {
  service: null,
  host: null,
  pod: null,
  container: null,
  namespace: null,
  model: null,
};

/**
 * Throws a `TypeError` naming the field when the export's structure is wrong (→ 400); bad data points are listed.
 * @example mapOtlpGenAiMetrics(body).points.find((p) => p.metric === 'genai.tokens.input')?.value // 120
 */
export function mapOtlpGenAiMetrics(
  body: unknown,
  /** For an ingest key limited to models: the models it may send (data points of others are refused). */
  allowedModels: ReadonlySet<string> | null = null,
): GenAiMetricsMapping {
  const out: GenAiMetricsMapping = { points: [], stored: new Map(), rejected: [] };
  list(body, 'resourceMetrics', 'body').forEach((rm: unknown, r) => {
    const resourceAttrs = readAttributes(
      field(field(rm, 'resource', `resourceMetrics[${r}]`), 'attributes', 'resource'),
      'attributes',
    );
    const names = readInfraResource(resourceAttrs) ?? NO_RESOURCE;
    list(rm, 'scopeMetrics', `resourceMetrics[${r}]`).forEach((sm: unknown, s) => {
      list(sm, 'metrics', `resourceMetrics[${r}].scopeMetrics[${s}]`).forEach((metric: unknown, m) => {
        const where = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`;
        const name = field(metric, 'name', where);
        if (typeof name !== 'string' || !name.startsWith('gen_ai.')) return;
        const prefix = GENAI_DURATION_METRICS[name];
        const histogram = field(metric, 'histogram', where);
        const reject = (at: string, message: string) => out.rejected.push({ where: `${name} ${at}`, message });
        if (prefix === undefined && name !== TOKEN_USAGE) {
          for (const kind of ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'])
            list(field(metric, kind, where), 'dataPoints', `${where}.${kind}`).forEach((_, i) =>
              reject(
                `dataPoints[${i}]`,
                `not stored: Vigil stores ${[TOKEN_USAGE, ...Object.keys(GENAI_DURATION_METRICS)].join(', ')} (docs/otlp.md, "Metrics")`,
              ),
            );
          return;
        }
        if (!histogram) {
          for (const kind of ['gauge', 'sum', 'exponentialHistogram', 'summary'])
            list(field(metric, kind, where), 'dataPoints', `${where}.${kind}`).forEach((_, i) =>
              reject(
                `${kind}.dataPoints[${i}]`,
                'must be an explicit-bucket histogram, the semantic conventions instrument; exponential histograms and other kinds are not stored',
              ),
            );
          return;
        }
        const kind = Number(field(histogram, 'aggregationTemporality', where) ?? 2) === 1 ? 'delta' : 'cumulative';
        list(histogram, 'dataPoints', `${where}.histogram`).forEach((dp: unknown, i) => {
          const at = `dataPoints[${i}]`;
          const path = `${where}.histogram.${at}`; // names the field of a TypeError (→ 400)
          const attrs = readAttributes(field(dp, 'attributes', path), `${path}.attributes`);
          const model = vigilModelOf(attrs, resourceAttrs);
          if ('problem' in model) return reject(at, model.problem);
          if (allowedModels && !allowedModels.has(model.model))
            return reject(at, `vigil.model: this API key may not send model "${model.model}"`);
          const llm = str(attrs, 'gen_ai.request.model') ?? str(attrs, 'gen_ai.response.model') ?? 'unknown';
          const provider = str(attrs, 'gen_ai.provider.name') ?? str(attrs, 'gen_ai.system');
          if (llm.length > MAX_NAME_LENGTH || (provider?.length ?? 0) > MAX_NAME_LENGTH)
            return reject(at, `gen_ai.request.model, gen_ai.provider.name: at most ${MAX_NAME_LENGTH} characters`);
          const time = ms(field(dp, 'timeUnixNano', path));
          if (time === null) return reject(at, 'timeUnixNano: missing or not a number of nanoseconds');
          const resource: InfraResource = { ...names, model: model.model, genAiModel: llm, genAiProvider: provider };
          const base = {
            resource,
            kind,
            series: seriesOf(attrs),
            time,
            startTime: ms(field(dp, 'startTimeUnixNano', path)) ?? 0,
          } as const;
          const sum = amount(field(dp, 'sum', path));
          if (name === TOKEN_USAGE) {
            const type = str(attrs, 'gen_ai.token.type');
            if (type === null || !TOKEN_TYPES.has(type))
              return reject(at, `gen_ai.token.type: "input" or "output" are stored; got ${JSON.stringify(type)}`);
            if (sum === null) return reject(at, 'sum: missing or negative; the tokens used are the sum');
            out.points.push({ ...base, metric: `genai.tokens.${type}`, value: sum });
          } else {
            const count = amount(field(dp, 'count', path));
            if (count === null) return reject(at, 'count: missing or not a number');
            const bounds = list(dp, 'explicitBounds', path);
            const counts = list(dp, 'bucketCounts', path).map(amount);
            if (bounds.length > MAX_GENAI_BUCKET_BOUNDS)
              return reject(
                at,
                `explicitBounds: at most ${MAX_GENAI_BUCKET_BOUNDS} bounds (the semconv advice has 14–16)`,
              );
            if (
              counts.length !== 0 &&
              (counts.length !== bounds.length + 1 ||
                counts.some((c) => c === null) ||
                bounds.some(
                  (b, k) => typeof b !== 'number' || !Number.isFinite(b) || (k > 0 && b <= (bounds[k - 1] as number)),
                ))
            )
              return reject(
                at,
                'bucketCounts, explicitBounds: need one count per bound plus the overflow, increasing finite bounds',
              );
            out.points.push({ ...base, metric: `${prefix}.count`, value: count });
            if (sum !== null) out.points.push({ ...base, metric: `${prefix}.sum`, value: sum });
            if (str(attrs, 'error.type') !== null)
              out.points.push({ ...base, metric: `${prefix}.errors`, value: count });
            counts.forEach((c, k) =>
              out.points.push({
                ...base,
                metric: genAiBucketMetric(prefix!, k < bounds.length ? (bounds[k] as number) : Infinity),
                value: c!,
              }),
            );
          }
          out.stored.set(name, (out.stored.get(name) ?? 0) + 1);
        });
      });
    });
  });
  return out;
}
