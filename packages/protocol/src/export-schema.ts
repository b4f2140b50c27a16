import { Type, type Static } from '@sinclair/typebox';

// Wire shapes of the export destinations API (docs/exports.md): Vigil's metrics and incident events sent to
// the tools a company already runs. Times are epoch ms. Secrets come back masked ("…" + last 4 characters);
// sending a masked value back unchanged keeps the stored secret.

export const EXPORT_KINDS = ['datadog', 'splunk', 'newrelic', 'cloudwatch', 'otlp'] as const;
export const ExportKindSchema = Type.Union(EXPORT_KINDS.map((k) => Type.Literal(k)));
export type ExportKind = Static<typeof ExportKindSchema>;

const Url = (description: string) => Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2048, description });
const Secret = (description: string) => Type.String({ minLength: 1, maxLength: 4096, description });

export const DatadogSettings = Type.Object(
  {
    url: Type.Optional(
      Url('API base URL of the Datadog site, e.g. https://api.datadoghq.eu; default https://api.datadoghq.com.'),
    ),
    apiKey: Secret('Datadog API key (DD-API-KEY).'),
    tags: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50, description: 'Extra tags, key:value.' }),
    ),
  },
  { additionalProperties: false },
);
export const SplunkSettings = Type.Object(
  {
    url: Url('HTTP Event Collector base URL, e.g. https://splunk.example.com:8088.'),
    token: Secret('HEC token (Authorization: Splunk <token>).'),
    index: Type.Optional(Type.String({ maxLength: 200, description: 'Events index; default: the token’s.' })),
    metricsIndex: Type.Optional(
      Type.String({ maxLength: 200, description: 'Metrics index (must be a metrics index); default: the token’s.' }),
    ),
    source: Type.Optional(Type.String({ maxLength: 200, description: 'Default "vigil".' })),
  },
  { additionalProperties: false },
);
export const NewRelicSettings = Type.Object(
  {
    apiKey: Secret('License or ingest key (Api-Key header).'),
    accountId: Type.String({ pattern: '^[0-9]{1,20}$', description: 'Account id for the Event API.' }),
    region: Type.Optional(Type.Union([Type.Literal('us'), Type.Literal('eu')], { description: 'Default us.' })),
    metricUrl: Type.Optional(Url('Metric API URL override (proxies, tests).')),
    eventUrl: Type.Optional(Url('Event API URL override; {accountId} is filled in.')),
  },
  { additionalProperties: false },
);
export const CloudWatchSettings = Type.Object(
  {
    region: Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$', description: 'AWS region, e.g. eu-west-1.' }),
    namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Default "Vigil".' })),
    accessKeyId: Type.String({ minLength: 16, maxLength: 128 }),
    secretAccessKey: Secret('AWS secret access key.'),
    endpoint: Type.Optional(Url('Endpoint override (VPC endpoints, tests).')),
  },
  { additionalProperties: false },
);
export const OtlpExportSettings = Type.Object(
  {
    url: Url('OTLP/HTTP base URL; /v1/metrics and /v1/logs are appended (a Collector, Azure Monitor, Google Cloud).'),
    headers: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]{1,100}$' }), Type.String({ maxLength: 4096 }), {
        description: 'Request headers, e.g. {"authorization": "Bearer …"}.',
      }),
    ),
    encoding: Type.Optional(
      Type.Union([Type.Literal('protobuf'), Type.Literal('json')], { description: 'Default protobuf.' }),
    ),
  },
  { additionalProperties: false },
);

export const ExportDestinationBody = Type.Union(
  [
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        kind: Type.Literal('datadog'),
        enabled: Type.Optional(Type.Boolean()),
        settings: DatadogSettings,
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        kind: Type.Literal('splunk'),
        enabled: Type.Optional(Type.Boolean()),
        settings: SplunkSettings,
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        kind: Type.Literal('newrelic'),
        enabled: Type.Optional(Type.Boolean()),
        settings: NewRelicSettings,
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        kind: Type.Literal('cloudwatch'),
        enabled: Type.Optional(Type.Boolean()),
        settings: CloudWatchSettings,
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        kind: Type.Literal('otlp'),
        enabled: Type.Optional(Type.Boolean()),
        settings: OtlpExportSettings,
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'A destination: name, kind and the settings of that kind.' },
);
export type ExportDestinationBody = Static<typeof ExportDestinationBody>;

export const ExportDelivery = Type.Object({
  at: Type.Number(),
  what: Type.Union([Type.Literal('metrics'), Type.Literal('events'), Type.Literal('test')]),
  ok: Type.Boolean(),
  attempts: Type.Integer(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  items: Type.Integer({ description: 'Metric points or events in the batch.' }),
  durationMs: Type.Number(),
  /** How far behind real time the newest item was when delivered. */
  lagMs: Type.Union([Type.Number(), Type.Null()]),
});
export type ExportDelivery = Static<typeof ExportDelivery>;

export const ExportStatus = Type.Object({
  exportedThrough: Type.Union([Type.Number(), Type.Null()], { description: 'Minutes before this are delivered.' }),
  eventsThrough: Type.Union([Type.Number(), Type.Null()]),
  lagSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'Now minus exportedThrough.' }),
  lastAttemptAt: Type.Union([Type.Number(), Type.Null()]),
  lastSuccessAt: Type.Union([Type.Number(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  batchesOk: Type.Integer(),
  batchesFailed: Type.Integer(),
  itemsSent: Type.Integer(),
});
export type ExportStatus = Static<typeof ExportStatus>;

export const ExportDestinationView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: ExportKindSchema,
  enabled: Type.Boolean(),
  settings: Type.Record(Type.String(), Type.Unknown(), { description: 'As sent, secrets masked.' }),
  createdAt: Type.Number(),
  status: ExportStatus,
});
export type ExportDestinationView = Static<typeof ExportDestinationView>;

export const ExportDestinationList = Type.Object({ destinations: Type.Array(ExportDestinationView) });
export type ExportDestinationList = Static<typeof ExportDestinationList>;
export const ExportDestinationOne = Type.Object({ destination: ExportDestinationView });
export type ExportDestinationOne = Static<typeof ExportDestinationOne>;
export const ExportDeliveryList = Type.Object({ deliveries: Type.Array(ExportDelivery) });
export type ExportDeliveryList = Static<typeof ExportDeliveryList>;
export const ExportTestResult = Type.Object({ delivery: ExportDelivery });
export type ExportTestResult = Static<typeof ExportTestResult>;
