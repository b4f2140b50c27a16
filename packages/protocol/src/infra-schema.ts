import { Type, type Static } from '@sinclair/typebox';
import { TimePoint } from './metrics-schema.js';

/** What the infrastructure timeseries answers, in the unit each names (docs/infrastructure.md). */
export const INFRA_METRICS = [
  'cpu.utilization',
  'memory.usage',
  'memory.utilization',
  'filesystem.usage',
  'disk.io',
  'network.io',
  'restarts',
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
  lastSeen: Type.Number({ description: 'Epoch ms of the newest point.' }),
  metrics: Type.Array(Type.String(), { description: 'Stored infra metrics.' }),
});
export type InfraResource = Static<typeof InfraResource>;

export const InfraResourceQuery = Type.Object({
  since: Type.Optional(Type.String({ description: 'Only resources seen since (ISO-8601 or epoch ms); default 24 h.' })),
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
  unit: Type.String({ description: '1 (a ratio), By, By/s or {restart}.' }),
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
