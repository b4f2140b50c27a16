import { Type, type Static } from '@sinclair/typebox';

export const METRIC_NAMES = [
  'calls',
  'callsPerMinute',
  'errors',
  'errorRate',
  'latency.p50',
  'latency.p90',
  'latency.p95',
  'latency.p99',
  'latency.mean',
  'latency.max',
  'cost',
  'costPerCall',
  'tokens',
  'inputTokens',
  'outputTokens',
  'ttft.p50',
  'ttft.p95',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const TimeseriesQuery = Type.Object({
  model: Type.Optional(Type.String({ description: 'Model slug; all models when absent.' })),
  endpoint: Type.Optional(Type.String({ description: 'Endpoint; all endpoints when absent.' })),
  metric: Type.String({ description: `Comma-separated metrics: ${METRIC_NAMES.join(', ')}.`, default: 'calls' }),
  from: Type.Optional(Type.String({ description: 'Start (ISO-8601 or epoch ms); default: to − 24 h.' })),
  to: Type.Optional(Type.String({ description: 'End (ISO-8601 or epoch ms); default: now.' })),
  step: Type.Optional(
    Type.String({ description: 'Bucket width: "60s", "5m", "1h", "1d" or milliseconds; default: about 240 points.' }),
  ),
  groupBy: Type.Optional(
    Type.Union([Type.Literal('endpoint'), Type.Literal('model')], { description: 'One series per endpoint or model.' }),
  ),
  segment: Type.Optional(
    Type.String({
      pattern: '^[^=]+=',
      description: 'Only the calls carrying one tag value, as "key=value" (e.g. region=eu); see GET /api/v1/segments.',
    }),
  ),
});
export type TimeseriesQuery = Static<typeof TimeseriesQuery>;

/**
 * [bucket start in epoch ms, value]. Typed as a tuple; the JSON Schema stays a two-item array (OpenAPI 3.0 has
 * no tuples).
 */
export const TimePoint = Type.Unsafe<[number, number | null]>(
  Type.Array(Type.Union([Type.Number(), Type.Null()]), { minItems: 2, maxItems: 2 }),
);

export const Series = Type.Object({
  metric: Type.String(),
  model: Type.Union([Type.String(), Type.Null()]),
  endpoint: Type.Union([Type.String(), Type.Null()]),
  points: Type.Array(TimePoint, {
    description: '[bucket start in epoch ms, value]; null where the bucket holds no data.',
  }),
});

export type Series = Static<typeof Series>;

export const TimeseriesResult = Type.Object({
  from: Type.Number(),
  to: Type.Number(),
  step: Type.Number({ description: 'Bucket width in ms.' }),
  series: Type.Array(Series),
});
export type TimeseriesResult = Static<typeof TimeseriesResult>;

export const HealthSummary = Type.Object({
  calls: Type.Number(),
  callsPerMinute: Type.Number(),
  errors: Type.Number(),
  errorRate: Type.Union([Type.Number(), Type.Null()]),
  latencyP50: Type.Union([Type.Number(), Type.Null()]),
  latencyP95: Type.Union([Type.Number(), Type.Null()]),
  latencyP99: Type.Union([Type.Number(), Type.Null()]),
  costUsd: Type.Number(),
  costPerCall: Type.Union([Type.Number(), Type.Null()]),
  inputTokens: Type.Number(),
  outputTokens: Type.Number(),
});
export type HealthSummary = Static<typeof HealthSummary>;

export const ModelSummary = Type.Object({
  model: Type.String(),
  modelType: Type.Union([Type.String(), Type.Null()]),
  versions: Type.Array(Type.String()),
  versionHistory: Type.Array(
    Type.Object({
      version: Type.String(),
      firstSeen: Type.String({ format: 'date-time' }),
      lastSeen: Type.String({ format: 'date-time' }),
    }),
    { description: 'Each version the model was seen with, oldest first: the charts mark when each went live.' },
  ),
  endpoints: Type.Array(Type.String()),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
  window: Type.Object({ from: Type.Number(), to: Type.Number() }, { description: 'Window of the headline numbers.' }),
  health: HealthSummary,
});
export type ModelSummary = Static<typeof ModelSummary>;

export const ModelList = Type.Object({ models: Type.Array(ModelSummary) });
export type ModelList = Static<typeof ModelList>;

export const SegmentList = Type.Object({
  segments: Type.Array(
    Type.Object({
      model: Type.String(),
      segment: Type.String({ description: '"key=value"; "key=(other)" holds the values past the cap.' }),
    }),
  ),
});
export type SegmentList = Static<typeof SegmentList>;

export const MetricSummaryQuery = Type.Object({
  metric: Type.String({ minLength: 1, maxLength: 400, description: 'Comma-separated metric names (as timeseries).' }),
  from: Type.Optional(Type.String({ description: 'ISO-8601 or epoch ms; default 24 h before `to`.' })),
  to: Type.Optional(Type.String({ description: 'ISO-8601 or epoch ms; default now.' })),
  model: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  segment: Type.Optional(Type.String({ minLength: 3, maxLength: 300 })),
  groupBy: Type.Optional(Type.Union([Type.Literal('model'), Type.Literal('endpoint')])),
});
export type MetricSummaryQuery = Static<typeof MetricSummaryQuery>;

export const MetricSummary = Type.Object({
  from: Type.Number({
    description:
      'Exactly the range asked for (whole minutes from the rollups, the current minute as far as it has arrived).',
  }),
  to: Type.Number(),
  groups: Type.Array(
    Type.Object({
      model: Type.Union([Type.String(), Type.Null()]),
      endpoint: Type.Union([Type.String(), Type.Null()]),
      values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), {
        description: 'Each metric over the whole range: null when there were no calls (ratios, quantiles).',
      }),
    }),
  ),
});
export type MetricSummary = Static<typeof MetricSummary>;
