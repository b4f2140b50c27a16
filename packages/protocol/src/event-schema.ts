import { Type, type Static, type TSchema } from '@sinclair/typebox';

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

/**
 * The bounds of every event and label field, in one place: docs/events.md ("Bounds") lists the same numbers.
 * They keep every stored value cheap to aggregate and to serialise again: no sum of them overflows a double,
 * no string or map grows a rollup without limit, and nothing nests deeper than the schema below.
 */
export const EVENT_BOUNDS = {
  /**
   * Any other number a client sends (features, predictions, scores): within ±10^20 (a 19-digit card number sent
   * as a number still reaches the masking), so sums and sums of squares over billions of events stay finite.
   */
  maxAbsNumber: 1e20,
  maxFeatures: 500,
  maxFeatureNameLength: 256,
  maxStringValueLength: 4096,
  maxTags: 64,
  maxTagKeyLength: 128,
  maxTagValueLength: 256,
  maxPredictionExtraProperties: 32,
  maxPredictionClasses: 1000,
  maxArrayItems: 1000,
  maxTokens: 100_000_000,
  maxTextLength: 1_000_000_000,
  /** `llm.prompt` and `llm.response`: the text itself, when a client sends it (32 K characters each). */
  maxLlmTextLength: 32_768,
  maxCostUsd: 100_000,
  maxDurationMs: 86_400_000,
  maxImageSide: 1_000_000,
  maxEmbeddingDimensions: 4096,
  maxEmbeddingValue: 1e6,
  /** A data subject's id (GDPR): an opaque id of the person the call was about, e.g. a customer number. */
  maxSubjectIdLength: 128,
} as const;
const B = EVENT_BOUNDS;

/** A finite number within ±{@link EVENT_BOUNDS.maxAbsNumber}. */
const BoundedNumber = (options: { description?: string } = {}) =>
  Type.Number({ minimum: -B.maxAbsNumber, maximum: B.maxAbsNumber, ...options });

/** A map whose keys are 1–`maxKeyLength` characters, with at most `maxEntries` entries (TypeBox leaves a Record's key length unchecked). */
const BoundedMap = <T extends TSchema>(
  value: T,
  maxEntries: number,
  maxKeyLength: number,
  options: { description?: string } = {},
) =>
  Type.Record(Type.String({ pattern: `^[\\s\\S]{1,${maxKeyLength}}$` }), value, {
    maxProperties: maxEntries,
    additionalProperties: false,
    ...options,
  });

/**
 * ISO-8601 string or epoch milliseconds. A string must be a real calendar date and time (no 2026-02-30, no
 * 24:00); the ingest path also refuses times before 2000 or more than 24 h ahead.
 */
export const Timestamp = Type.Union(
  [Type.String({ format: 'date-time', maxLength: 40 }), Type.Number({ minimum: 0, maximum: 4_102_444_800_000 })],
  {
    description:
      'ISO-8601 date-time with offset (e.g. "2026-11-27T10:00:00Z") or epoch milliseconds. Server time when absent.',
  },
);

const FeatureValue = Type.Union([
  BoundedNumber(),
  Type.String({ maxLength: B.maxStringValueLength }),
  Type.Boolean(),
  Type.Null(),
]);

/** Extra properties of a prediction object: a scalar or a flat list of scalars (boxes, top-k labels…), never deeper. */
const PredictionExtra = Type.Union([
  BoundedNumber(),
  Type.String({ maxLength: 1024 }),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.Union([BoundedNumber(), Type.String({ maxLength: 1024 })]), { maxItems: B.maxArrayItems }),
]);

export const Prediction = Type.Union(
  [
    BoundedNumber(),
    Type.String({ maxLength: B.maxStringValueLength }),
    Type.Boolean(),
    Type.Object(
      {
        label: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), BoundedNumber(), Type.Boolean()])),
        score: Type.Optional(BoundedNumber()),
        value: Type.Optional(BoundedNumber()),
        probabilities: Type.Optional(BoundedMap(Type.Number({ minimum: 0, maximum: 1 }), B.maxPredictionClasses, 256)),
      },
      // label, score, value, probabilities and up to 32 more.
      { additionalProperties: PredictionExtra, maxProperties: 4 + B.maxPredictionExtraProperties },
    ),
  ],
  {
    description:
      'The model output: a number (regression), a string (class or text), or {label, score, probabilities} with up to 32 more scalar or flat-list properties.',
  },
);

export const LlmInfo = Type.Object(
  {
    provider: Type.Optional(Type.String({ maxLength: 128 })),
    requestModel: Type.Optional(Type.String({ maxLength: 256 })),
    inputTokens: Type.Optional(Type.Integer({ minimum: 0, maximum: B.maxTokens })),
    outputTokens: Type.Optional(Type.Integer({ minimum: 0, maximum: B.maxTokens })),
    ttftMs: Type.Optional(Type.Number({ minimum: 0, maximum: B.maxDurationMs })),
    finishReason: Type.Optional(Type.String({ maxLength: 64 })),
    promptLength: Type.Optional(
      Type.Integer({ minimum: 0, maximum: B.maxTextLength, description: 'Prompt length in characters.' }),
    ),
    responseLength: Type.Optional(
      Type.Integer({ minimum: 0, maximum: B.maxTextLength, description: 'Response length in characters.' }),
    ),
    prompt: Type.Optional(
      Type.String({
        maxLength: B.maxLlmTextLength,
        description: 'The prompt text (optional; personal data in it follows the privacy policy, docs/privacy.md).',
      }),
    ),
    response: Type.Optional(
      Type.String({
        maxLength: B.maxLlmTextLength,
        description: 'The response text (optional; personal data in it follows the privacy policy).',
      }),
    ),
  },
  { additionalProperties: false, description: 'LLM call details.' },
);

export const VisionInfo = Type.Object(
  {
    width: Type.Optional(Type.Integer({ minimum: 0, maximum: B.maxImageSide })),
    height: Type.Optional(Type.Integer({ minimum: 0, maximum: B.maxImageSide })),
    brightness: Type.Optional(BoundedNumber()),
    format: Type.Optional(Type.String({ maxLength: 32 })),
  },
  {
    additionalProperties: Type.Union([BoundedNumber(), Type.String({ maxLength: 256 }), Type.Boolean()]),
    maxProperties: 32,
    description: 'Input image properties (at most 32).',
  },
);

/**
 * The data subject (GDPR) the call or label is about: an opaque id such as a customer number, never a name.
 * `GET /api/v1/subjects/{id}` exports what is held for it and `DELETE` erases it (docs/gdpr.md).
 */
export const SubjectId = Type.String({
  minLength: 1,
  maxLength: B.maxSubjectIdLength,
  pattern: '^[^\\u0000-\\u001f]+$',
  description:
    'Data-subject id (GDPR): the person the call is about, an opaque id of 1–128 characters without control characters. Export and erase it through /api/v1/subjects/{id}.',
});

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
    subjectId: Type.Optional(SubjectId),
    timestamp: Type.Optional(Timestamp),
    latencyMs: Type.Optional(Type.Number({ minimum: 0, maximum: B.maxDurationMs })),
    status: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('error')], { default: 'ok' })),
    errorType: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    features: Type.Optional(
      BoundedMap(FeatureValue, B.maxFeatures, B.maxFeatureNameLength, {
        description: 'Flat map of input features: at most 500, names of 1–256 characters.',
      }),
    ),
    prediction: Type.Optional(Prediction),
    costUsd: Type.Optional(Type.Number({ minimum: 0, maximum: B.maxCostUsd })),
    llm: Type.Optional(LlmInfo),
    vision: Type.Optional(VisionInfo),
    embedding: Type.Optional(
      Type.Array(Type.Number({ minimum: -B.maxEmbeddingValue, maximum: B.maxEmbeddingValue }), {
        maxItems: B.maxEmbeddingDimensions,
      }),
    ),
    tags: Type.Optional(
      BoundedMap(Type.String({ maxLength: B.maxTagValueLength }), B.maxTags, B.maxTagKeyLength, {
        description: 'Segments: region, store, customer-facing… At most 64 tags.',
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
    label: Type.Union([BoundedNumber(), Type.String({ maxLength: B.maxStringValueLength }), Type.Boolean()]),
    subjectId: Type.Optional(SubjectId),
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

/** POST /api/v1/labels answers which accepted labels joined no prediction yet (stored; scored if it comes). */
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
          'Labels that join nothing yet are kept: a label sent before its prediction joins it when the prediction is stored within 7 days (the late label join, every window-flush interval); one with a wrong model or requestId scores nothing.',
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

/** One cardinality limit as GET /api/v1/limits reports it. */
export const CardinalityLimitStatus = Type.Object({
  limit: Type.String({ description: 'Config key, e.g. maxModels.' }),
  env: Type.String({ description: 'Environment variable that sets it, e.g. VIGIL_MAX_MODELS.' }),
  scope: Type.Union([
    Type.Literal('deployment'),
    Type.Literal('api key'),
    Type.Literal('model'),
    Type.Literal('tag key'),
    Type.Literal('/metrics'),
  ]),
  max: Type.Integer(),
  used: Type.Integer({ description: 'Current use; for per-key and per-model limits, the busiest key or model.' }),
  usedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'The busiest model or API key id, if per-model/key.',
  }),
  onLimit: Type.Union([Type.Literal('refuse'), Type.Literal('fold')], {
    description: 'refuse: the event is rejected (VIGIL_ERR_CARDINALITY_LIMIT); fold: counted under "(other)".',
  }),
  sinceStart: Type.Integer({ description: 'Events refused, or names folded, since the server started.' }),
});

export const LimitsResult = Type.Object({
  limits: Type.Array(CardinalityLimitStatus),
});
export type LimitsResult = Static<typeof LimitsResult>;
