import { Type, type Static } from '@sinclair/typebox';
import { TimePoint } from './metrics-schema.js';

/**
 * What the infrastructure timeseries answers, in the unit each names (docs/infrastructure.md). The `genai.*`
 * ones are the OpenTelemetry GenAI client metrics of a service per LLM (client-reported aggregates): tokens and
 * calls per bucket, mean duration, and the p95 estimated from the histogram buckets.
 */
export const INFRA_METRICS = [
  'cpu.utilization',
  'memory.usage',
  'memory.utilization',
  'filesystem.usage',
  'disk.io',
  'network.io',
  'restarts',
  'genai.tokens.input',
  'genai.tokens.output',
  'genai.calls',
  'genai.errors',
  'genai.duration.mean',
  'genai.duration.p95',
] as const;
export type InfraMetricName = (typeof INFRA_METRICS)[number];

const Nullable = (s: ReturnType<typeof Type.String>) => Type.Union([s, Type.Null()]);

export const InfraResource = Type.Object({
  key: Type.String({ description: 'The resource identity (service, host, pod, container).' }),
  service: Nullable(Type.String()),
  host: Nullable(Type.String()),
  pod: Nullable(Type.String()),
  container: Nullable(Type.String()),
  namespace: Nullable(Type.String()),
  model: Nullable(
    Type.String({
      description:
        'The model this resource serves: its vigil.model attribute, else the first matching link (GET /api/v1/infra/links), else a model named like its service.',
    }),
  ),
  genAiModel: Nullable(
    Type.String({
      description:
        'OpenTelemetry GenAI client metrics only: the LLM the service called (gen_ai.request.model); null for hosts and containers.',
    }),
  ),
  genAiProvider: Nullable(Type.String({ description: 'GenAI client metrics only: gen_ai.provider.name.' })),
  lastSeen: Type.Number({ description: 'Epoch ms of the newest point.' }),
  metrics: Type.Array(Type.String(), { description: 'Stored infra metrics.' }),
});
export type InfraResource = Static<typeof InfraResource>;

export const InfraResourceQuery = Type.Object({
  since: Type.Optional(Type.String({ description: 'Only resources seen since (ISO-8601 or epoch ms); default 24 h.' })),
  kind: Type.Optional(
    Type.Union([Type.Literal('infra'), Type.Literal('genai')], {
      description:
        'infra: hosts, pods, containers and services sending infrastructure metrics; genai: services per LLM sending OpenTelemetry GenAI metrics; both when absent.',
    }),
  ),
});
export const InfraResourceList = Type.Object({ resources: Type.Array(InfraResource) });
export type InfraResourceList = Static<typeof InfraResourceList>;

export const InfraTimeseriesQuery = Type.Object({
  metric: Type.String({ description: `Comma-separated: ${INFRA_METRICS.join(', ')}.` }),
  resource: Type.Optional(Type.String({ description: 'Comma-separated resource keys; all when absent.' })),
  service: Type.Optional(Type.String({ description: 'Resources of this service.' })),
  host: Type.Optional(Type.String({ description: 'Resources on this host.' })),
  from: Type.Optional(Type.String({ description: 'Start (ISO-8601 or epoch ms); default: to − 6 h.' })),
  to: Type.Optional(Type.String({ description: 'End (ISO-8601 or epoch ms); default: now.' })),
  step: Type.Optional(
    Type.Integer({ minimum: 60_000, maximum: 86_400_000, description: 'Bucket width in ms (whole minutes).' }),
  ),
});
export type InfraTimeseriesQuery = Static<typeof InfraTimeseriesQuery>;

export const InfraSeries = Type.Object({
  metric: Type.String(),
  unit: Type.String({ description: '1 (a ratio), By, By/s, {restart}, {token}, {call}, {error} or s.' }),
  resource: Type.String(),
  points: Type.Array(TimePoint, { description: '[bucket start, value]; null where the bucket holds no data.' }),
});
export const InfraTimeseriesResult = Type.Object({
  from: Type.Number(),
  to: Type.Number(),
  step: Type.Number(),
  series: Type.Array(InfraSeries),
});
export type InfraTimeseriesResult = Static<typeof InfraTimeseriesResult>;

const LinkValue = Type.String({
  minLength: 1,
  maxLength: 256,
  description: 'The attribute value; a trailing `*` matches any suffix (pods: `recommender-*`).',
});
export const InfraLink = Type.Object(
  {
    match: Type.Object(
      {
        service: Type.Optional(LinkValue),
        host: Type.Optional(LinkValue),
        namespace: Type.Optional(LinkValue),
        pod: Type.Optional(LinkValue),
        container: Type.Optional(LinkValue),
      },
      {
        additionalProperties: false,
        minProperties: 1,
        description: 'service.name, host.name, k8s.namespace.name, k8s.pod.name, container name: all given must match.',
      },
    ),
    model: Type.String({ minLength: 1, maxLength: 256, description: 'The model the matching resources serve.' }),
  },
  { additionalProperties: false },
);
export type InfraLink = Static<typeof InfraLink>;
export const InfraLinkList = Type.Object(
  {
    links: Type.Array(InfraLink, {
      maxItems: 500,
      description: 'In order; the first matching link names the model (a vigil.model attribute wins over all).',
    }),
  },
  { additionalProperties: false },
);
export type InfraLinkList = Static<typeof InfraLinkList>;

const Num = Type.Union([Type.Number(), Type.Null()]);
export const GenAiClientQuery = Type.Object({
  model: Type.Optional(Type.String({ maxLength: 128, description: 'Only the services of this Vigil model.' })),
  from: Type.Optional(Type.String({ description: 'Start (ISO-8601 or epoch ms); default: to − 24 h.' })),
  to: Type.Optional(Type.String({ description: 'End (ISO-8601 or epoch ms); default: now.' })),
});
export type GenAiClientQuery = Static<typeof GenAiClientQuery>;
export const GenAiClientRow = Type.Object({
  resource: Type.String({ description: 'The resource key (service and LLM).' }),
  service: Nullable(Type.String()),
  model: Nullable(Type.String({ description: 'The Vigil model (vigil.model, else service.name), as for spans.' })),
  llm: Type.String({ description: 'gen_ai.request.model (else gen_ai.response.model; "unknown" without either).' }),
  provider: Nullable(Type.String({ description: 'gen_ai.provider.name (else gen_ai.system).' })),
  inputTokens: Num,
  outputTokens: Num,
  calls: Type.Union([Type.Number(), Type.Null()], { description: 'gen_ai.client.operation.duration count.' }),
  errors: Type.Union([Type.Number(), Type.Null()], { description: 'Calls whose data point has error.type.' }),
  durationMean: Type.Union([Type.Number(), Type.Null()], { description: 'Seconds: sum ÷ count.' }),
  durationP50: Type.Union([Type.Number(), Type.Null()], { description: 'Seconds, estimated from the buckets.' }),
  durationP95: Type.Union([Type.Number(), Type.Null()], { description: 'Seconds, estimated from the buckets.' }),
  serverRequests: Type.Union([Type.Number(), Type.Null()], { description: 'gen_ai.server.request.duration count.' }),
  serverDurationMean: Num,
  serverDurationP95: Num,
  ttftP50: Type.Union([Type.Number(), Type.Null()], { description: 'gen_ai.server.time_to_first_token, seconds.' }),
  ttftP95: Num,
});
export type GenAiClientRow = Static<typeof GenAiClientRow>;
export const GenAiClientSummary = Type.Object({
  from: Type.Number(),
  to: Type.Number(),
  quantiles: Type.String({ description: 'How the p50/p95 figures are estimated.' }),
  rows: Type.Array(GenAiClientRow),
});
export type GenAiClientSummary = Static<typeof GenAiClientSummary>;
