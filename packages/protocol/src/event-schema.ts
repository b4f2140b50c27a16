import { Type, type Static } from '@sinclair/typebox';

/** A model slug: lower-case letters, digits, `.`, `_`, `-`; starts with a letter or digit. */
export const ModelSlug = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,127}$',
  description:
    'Model slug: lower-case letters, digits, ".", "_" or "-", at most 128 characters, e.g. "drink-recommender".',
  examples: ['drink-recommender'],
});

export const ModelType = Type.Union(
  [
    Type.Literal('classification'),
    Type.Literal('regression'),
    Type.Literal('llm'),
    Type.Literal('vision'),
    Type.Literal('other'),
  ],
  { description: 'Kind of model.' },
);

/** ISO-8601 string or epoch milliseconds. */
export const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Number({ minimum: 0 })], {
  description:
    'ISO-8601 date-time with offset (e.g. "2026-11-27T10:00:00Z") or epoch milliseconds. Server time when absent.',
});

const FeatureValue = Type.Union([Type.Number(), Type.String({ maxLength: 4096 }), Type.Boolean(), Type.Null()]);

export const Prediction = Type.Union(
  [
    Type.Number(),
    Type.String({ maxLength: 4096 }),
    Type.Boolean(),
    Type.Object(
      {
        label: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Number(), Type.Boolean()])),
        score: Type.Optional(Type.Number()),
        value: Type.Optional(Type.Number()),
        probabilities: Type.Optional(
          Type.Record(Type.String({ maxLength: 256 }), Type.Number({ minimum: 0, maximum: 1 })),
        ),
      },
      { additionalProperties: true },
    ),
  ],
  {
    description: 'The model output: a number (regression), a string (class or text), or {label, score, probabilities}.',
  },
);

export const LlmInfo = Type.Object(
  {
    provider: Type.Optional(Type.String({ maxLength: 128 })),
    requestModel: Type.Optional(Type.String({ maxLength: 256 })),
    inputTokens: Type.Optional(Type.Integer({ minimum: 0 })),
    outputTokens: Type.Optional(Type.Integer({ minimum: 0 })),
    ttftMs: Type.Optional(Type.Number({ minimum: 0 })),
    finishReason: Type.Optional(Type.String({ maxLength: 64 })),
    promptLength: Type.Optional(Type.Integer({ minimum: 0, description: 'Prompt length in characters.' })),
    responseLength: Type.Optional(Type.Integer({ minimum: 0, description: 'Response length in characters.' })),
  },
  { additionalProperties: false, description: 'LLM call details.' },
);

export const VisionInfo = Type.Object(
  {
    width: Type.Optional(Type.Integer({ minimum: 0 })),
    height: Type.Optional(Type.Integer({ minimum: 0 })),
    brightness: Type.Optional(Type.Number()),
    format: Type.Optional(Type.String({ maxLength: 32 })),
  },
  {
    additionalProperties: Type.Union([Type.Number(), Type.String({ maxLength: 256 }), Type.Boolean()]),
    description: 'Input image properties.',
  },
);

/** One model call as recorded by a client. The same model serves tabular, LLM and vision models. */
export const Event = Type.Object(
  {
    model: ModelSlug,
    modelVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    modelType: Type.Optional(ModelType),
    endpoint: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: 'API endpoint that served the call, e.g. "POST /recommend".',
      }),
    ),
    requestId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'Joins labels to predictions. Generated when absent.' }),
    ),
    timestamp: Type.Optional(Timestamp),
    latencyMs: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400_000 })),
    status: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('error')], { default: 'ok' })),
    errorType: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    features: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 256 }), FeatureValue, {
        description: 'Flat map of input features.',
      }),
    ),
    prediction: Type.Optional(Prediction),
    costUsd: Type.Optional(Type.Number({ minimum: 0 })),
    llm: Type.Optional(LlmInfo),
    vision: Type.Optional(VisionInfo),
    embedding: Type.Optional(Type.Array(Type.Number(), { maxItems: 4096 })),
    tags: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.String({ maxLength: 256 }), {
        description: 'Segments: region, store, customer-facing…',
      }),
    ),
  },
  { additionalProperties: false, $id: 'Event' },
);
export type Event = Static<typeof Event>;

export const EventBatch = Type.Object(
  {
    events: Type.Array(Type.Unknown(), {
      minItems: 1,
      maxItems: 1000,
      description: '1–1,000 events; each is validated on its own.',
    }),
  },
  { additionalProperties: false },
);

/** Ground truth that arrives after the prediction, joined by requestId. */
export const Label = Type.Object(
  {
    model: ModelSlug,
    requestId: Type.String({ minLength: 1, maxLength: 128 }),
    label: Type.Union([Type.Number(), Type.String({ maxLength: 4096 }), Type.Boolean()]),
    timestamp: Type.Optional(Timestamp),
  },
  { additionalProperties: false, $id: 'Label' },
);
export type Label = Static<typeof Label>;

export const LabelBatch = Type.Object(
  { labels: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const RejectedItem = Type.Object({
  index: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
});

export const IngestResult = Type.Object({
  accepted: Type.Integer({ description: 'Items durably committed.' }),
  rejected: Type.Array(RejectedItem),
  requestIds: Type.Array(Type.Union([Type.String(), Type.Null()]), {
    description: 'One per submitted item, in order: the stored requestId, or null where the item was rejected.',
  }),
});
export type IngestResult = Static<typeof IngestResult>;

/** POST /api/v1/labels answers which accepted labels joined no prediction (stored, but scoring nothing). */
export const LabelIngestResult = Type.Composite([
  IngestResult,
  Type.Object({
    unmatched: Type.Object(
      {
        count: Type.Integer({
          description: 'Accepted labels whose requestId matched no stored prediction of their model.',
        }),
        items: Type.Array(Type.Object({ index: Type.Integer(), model: Type.String(), requestId: Type.String() }), {
          maxItems: 100,
          description: 'The first 100 of them, in batch order (index = position in the batch).',
        }),
      },
      {
        description:
          'Labels that join nothing are kept but score nothing: a wrong model or requestId, or a label sent before its prediction.',
      },
    ),
  }),
]);
export type LabelIngestResult = Static<typeof LabelIngestResult>;

/** An event as stored and returned by the read API: every default filled in. */
export const StoredEvent = Type.Object({
  model: Type.String(),
  requestId: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  status: Type.String(),
  endpoint: Type.Union([Type.String(), Type.Null()]),
  priceVersion: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'The LLM price-table version event.costUsd was computed with at ingest (sent without costUsd); null when the client sent the cost or no price applied.',
  }),
  event: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The event as accepted, normalised (costUsd filled in when priced at ingest).',
  }),
});
export type StoredEvent = Static<typeof StoredEvent>;
