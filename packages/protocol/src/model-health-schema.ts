import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = (what: string) => Type.Optional(Type.String({ description: `${what} (ISO-8601 or epoch ms).` }));

export const DRIFT_METHOD_NAMES = [
  'auto',
  'ks',
  'wasserstein',
  'psi',
  'jensenshannon',
  'kl',
  'hellinger',
  'chisquare',
] as const;

export const ModelParams = Type.Object({ model: Type.String({ description: 'Model slug.' }) });

export const ReferenceWindowBody = Type.Object(
  {
    window: Type.Object(
      { from: Type.Union([Type.String(), Type.Number()]), to: Type.Union([Type.String(), Type.Number()]) },
      {
        additionalProperties: false,
        description: "A window of the model's own traffic: [from, to), ISO-8601 or epoch ms.",
      },
    ),
  },
  { additionalProperties: false },
);

export const ReferenceRowsBody = Type.Object(
  {
    rows: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      minItems: 1,
      description: 'Dataset rows: flat objects, or event-shaped {features, prediction, llm, vision}.',
    }),
  },
  { additionalProperties: false },
);

export const ReferenceColumn = Type.Object({
  name: Type.String(),
  group: Type.Union([Type.Literal('feature'), Type.Literal('output')]),
  kind: Nullable(Type.Union([Type.Literal('numerical'), Type.Literal('categorical')])),
  present: Type.Number({ description: 'Non-missing values.' }),
  missingRate: Type.Number(),
});

export const ReferenceSummary = Type.Object({
  model: Type.String(),
  source: Type.Union([Type.Literal('window'), Type.Literal('dataset')]),
  window: Nullable(Type.Object({ from: Type.Number(), to: Type.Number() })),
  rows: Type.Number(),
  createdAt: Type.String({ format: 'date-time' }),
  columns: Type.Array(ReferenceColumn),
});
export type ReferenceSummary = Static<typeof ReferenceSummary>;

const EndpointParam = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'Only the calls of this endpoint (as in events); default every endpoint.',
  }),
);

export const DriftQuery = Type.Object({
  from: Time('Start of the current window; default: to − 24 h'),
  to: Time('End of the current window; default: now'),
  endpoint: EndpointParam,
  reference: Type.String({
    default: 'stored',
    description:
      '"stored" (the model\'s POSTed reference), "previous" (the period of the same length just before the current window, ending where it starts) or "window:<from>,<to>" (a window of its own traffic, which must end at or before the current window starts). A stored window reference that overlaps the current window clips the current window to start where the reference ends.',
  }),
  method: Type.Union(
    DRIFT_METHOD_NAMES.map((m) => Type.Literal(m)),
    { default: 'auto', description: 'Test for every column (docs/drift.md).' },
  ),
  threshold: Type.Optional(Type.Number({ description: 'Threshold for every column; default per method.' })),
  columns: Type.Optional(
    Type.String({
      description: 'Comma-separated columns; default every feature and output except latencyMs and costUsd.',
    }),
  ),
});
export type DriftQuery = Static<typeof DriftQuery>;

export const DriftTimelineQuery = Type.Composite([
  DriftQuery,
  Type.Object({
    step: Type.Optional(
      Type.String({ description: 'Bucket width, a whole number of hours (1h, 6h, 1d); default about 30 buckets.' }),
    ),
  }),
]);
export type DriftTimelineQuery = Static<typeof DriftTimelineQuery>;

export const QualityQuery = Type.Object({
  from: Time('Start; default: to − 24 h'),
  to: Time('End; default: now'),
  endpoint: EndpointParam,
  reference: Type.Optional(
    Type.String({
      description:
        '"stored" (default; no comparison when none is stored), "previous" or "window:<from>,<to>" (ending at or before the current window starts).',
    }),
  ),
});
export type QualityQuery = Static<typeof QualityQuery>;

export const PerformanceQuery = Type.Object({
  from: Time('Start; default: to − 30 days'),
  to: Time('End; default: now'),
  endpoint: EndpointParam,
  step: Type.Optional(
    Type.String({
      description: 'Bucket width, a whole number of hours (1h, 6h, 1d); default 1d, or 1h for ranges up to 2 days.',
    }),
  ),
});
export type PerformanceQuery = Static<typeof PerformanceQuery>;

const ReferenceInfo = Type.Object({
  source: Type.Union([Type.Literal('stored'), Type.Literal('window')]),
  kind: Type.Union([Type.Literal('window'), Type.Literal('dataset')]),
  window: Nullable(Type.Object({ from: Type.Number(), to: Type.Number() })),
  rows: Type.Number(),
});

const Range = Type.Object({ from: Type.Number(), to: Type.Number() });

export const DriftHistogram = Type.Object({
  labels: Type.Array(Type.String()),
  edges: Nullable(Type.Array(Type.Number())),
  shares: Type.Array(Type.Number()),
  count: Type.Number(),
});

export type DriftHistogram = Static<typeof DriftHistogram>;

const ColumnKindSchema = Type.Union([Type.Literal('numerical'), Type.Literal('categorical')]);
const Group = Type.Union([Type.Literal('feature'), Type.Literal('output')]);

export const DriftColumn = Type.Object({
  name: Type.String(),
  group: Group,
  kind: ColumnKindSchema,
  method: Type.String(),
  statistic: Nullable(Type.Number()),
  pValue: Nullable(Type.Number()),
  threshold: Type.Number(),
  drifted: Type.Boolean(),
  reference: Nullable(DriftHistogram),
  current: Nullable(DriftHistogram),
});

const WindowNote = Nullable(
  Type.String({
    description:
      'Why the current window compared differs from the one asked for (it overlapped the reference window and now starts where the reference ends), or null.',
  }),
);

export const DriftResult = Type.Object({
  model: Type.String(),
  endpoint: Nullable(Type.String()),
  window: Range,
  windowNote: WindowNote,
  reference: ReferenceInfo,
  currentRows: Type.Number(),
  columns: Type.Array(DriftColumn),
  driftedShare: Type.Number(),
  datasetDrift: Type.Boolean(),
});
export type DriftResult = Static<typeof DriftResult>;

export const DriftTimelineResult = Type.Object({
  model: Type.String(),
  endpoint: Nullable(Type.String()),
  window: Range,
  windowNote: WindowNote,
  step: Type.Number(),
  reference: ReferenceInfo,
  buckets: Type.Array(Type.Number()),
  rows: Type.Array(Type.Number()),
  driftedShare: Type.Array(Nullable(Type.Number())),
  datasetDrift: Type.Array(Nullable(Type.Boolean())),
  columns: Type.Array(
    Type.Object({
      name: Type.String(),
      group: Group,
      kind: ColumnKindSchema,
      method: Nullable(Type.String()),
      threshold: Nullable(Type.Number()),
      statistic: Type.Array(Nullable(Type.Number())),
      pValue: Type.Array(Nullable(Type.Number())),
      drifted: Type.Array(Nullable(Type.Boolean())),
    }),
  ),
});
export type DriftTimelineResult = Static<typeof DriftTimelineResult>;

export const QualityFindingSchema = Type.Object({
  check: Type.String(),
  feature: Nullable(Type.String()),
  severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
  rate: Type.Number(),
  count: Type.Number(),
  referenceRate: Nullable(Type.Number()),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const FeatureQualitySchema = Type.Object({
  present: Type.Number(),
  missingRate: Type.Number(),
  referenceMissingRate: Nullable(Type.Number()),
  expectedType: Nullable(Type.String()),
  typeMismatchRate: Type.Number(),
  nonFiniteRate: Type.Number(),
  outOfRangeRate: Nullable(Type.Number()),
  unseenCategoryRate: Nullable(Type.Number()),
  isConstant: Type.Boolean(),
});

export const QualityResult = Type.Object({
  model: Type.String(),
  endpoint: Nullable(Type.String()),
  window: Range,
  windowNote: WindowNote,
  reference: Nullable(ReferenceInfo),
  rows: Type.Number(),
  duplicateRequestIds: Type.Number(),
  findings: Type.Array(QualityFindingSchema),
  features: Type.Record(Type.String(), FeatureQualitySchema),
  endpoints: Type.Array(
    Type.Object({
      endpoint: Type.String({
        description: '"" for calls sent without an endpoint (and history stored before windows were per endpoint).',
      }),
      rows: Type.Number(),
      columns: Type.Array(Type.String(), { description: 'Columns it sent values for (outputs as output:<name>).' }),
    }),
    { description: 'What each endpoint sent in the window.' },
  ),
  sentBy: Type.Record(Type.String(), Type.Array(Type.String()), {
    description:
      'Per column: the endpoints counted as sending it (its missing rate is over their rows only); learned from the stored reference, else from the window.',
  }),
});
export type QualityResult = Static<typeof QualityResult>;

const Distribution = Type.Object({
  count: Type.Number(),
  mean: Type.Number(),
  min: Type.Number(),
  p50: Type.Number(),
  p90: Type.Number(),
  p95: Type.Number(),
  p99: Type.Number(),
  max: Type.Number(),
});

const Estimate = Type.Object({
  n: Type.Number(),
  expectedAccuracy: Nullable(Type.Number()),
  expectedPrecision: Nullable(Type.Number()),
  expectedRecall: Nullable(Type.Number()),
  expectedF1: Nullable(Type.Number()),
});

const LlmSignalsSchema = Type.Object({
  calls: Type.Number(),
  refusalRate: Nullable(Type.Number()),
  emptyAnswerRate: Nullable(Type.Number()),
  finishReasons: Type.Record(Type.String(), Type.Number()),
  inputTokens: Nullable(Distribution),
  outputTokens: Nullable(Distribution),
  costUsd: Nullable(Distribution),
  ttftMs: Nullable(Distribution),
  promptLength: Nullable(Distribution),
  responseLength: Nullable(Distribution),
});

const VisionSignalsSchema = Type.Object({
  images: Type.Number(),
  properties: Type.Record(Type.String(), Distribution),
  categories: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number())),
  confidence: Nullable(Distribution),
});

export const PerformancePointSchema = Type.Object({
  start: Type.Number(),
  end: Type.Number(),
  calls: Type.Number({ description: 'Calls profiled in the bucket (with or without a prediction).' }),
  predictions: Type.Number(),
  labels: Type.Number(),
  labelCoverage: Nullable(Type.Number()),
  accuracy: Nullable(Type.Number()),
  macroPrecision: Nullable(Type.Number()),
  macroRecall: Nullable(Type.Number()),
  macroF1: Nullable(Type.Number()),
  rocAuc: Nullable(Type.Number()),
  logLoss: Nullable(Type.Number()),
  mae: Nullable(Type.Number()),
  rmse: Nullable(Type.Number()),
  mape: Nullable(Type.Number()),
  r2: Nullable(Type.Number()),
  estimated: Nullable(Estimate),
  predictionMix: Type.Record(Type.String(), Type.Number()),
  predictionDistribution: Nullable(Distribution),
  llm: Nullable(LlmSignalsSchema),
});

const ClassMetrics = Type.Object({
  precision: Type.Number(),
  recall: Type.Number(),
  f1: Type.Number(),
  support: Type.Number(),
  rocAuc: Nullable(Type.Number()),
});

export const PerformanceResult = Type.Object({
  model: Type.String(),
  modelType: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('classification'), Type.Literal('regression'), Type.Literal('none')]),
  window: Range,
  step: Type.Number(),
  points: Type.Array(PerformancePointSchema),
  labelJoin: Type.Object(
    {
      received: Type.Integer({ description: 'Labels with a timestamp in the window (by label time).' }),
      unmatched: Type.Integer({
        description:
          'Of those, labels that matched no stored prediction at ingest and have not been joined since (a prediction stored within 7 days of its label joins it).',
      }),
      joinedLate: Type.Integer({
        description:
          'Of those, labels stored before their prediction and joined when it came (scored at the prediction time).',
      }),
      unmatchedShare: Nullable(
        Type.Number({
          description:
            'unmatched ÷ labels whose match was recorded (labels stored before Vigil recorded it are left out); null without any.',
        }),
      ),
    },
    {
      description:
        'How many labels joined nothing: they are stored but score nothing, unless their prediction is stored within 7 days.',
    },
  ),
  total: Type.Object({
    calls: Type.Number({ description: 'Calls profiled in the range (with or without a prediction).' }),
    predictions: Type.Number(),
    labels: Type.Number(),
    labelCoverage: Nullable(Type.Number()),
    classification: Nullable(
      Type.Object({
        n: Type.Number(),
        skipped: Type.Number(),
        accuracy: Nullable(Type.Number()),
        macroPrecision: Nullable(Type.Number()),
        macroRecall: Nullable(Type.Number()),
        macroF1: Nullable(Type.Number()),
        perClass: Type.Record(Type.String(), ClassMetrics),
        confusionMatrix: Type.Object({
          labels: Type.Array(Type.String()),
          matrix: Type.Array(Type.Array(Type.Number())),
        }),
        rocAuc: Nullable(Type.Number()),
        rocAucErrorBound: Nullable(Type.Number()),
        logLoss: Nullable(Type.Number()),
      }),
    ),
    regression: Nullable(
      Type.Object({
        n: Type.Number(),
        skipped: Type.Number(),
        mae: Nullable(Type.Number()),
        rmse: Nullable(Type.Number()),
        mape: Nullable(Type.Number()),
        zeroLabels: Type.Number(),
        r2: Nullable(Type.Number()),
        meanError: Nullable(Type.Number()),
      }),
    ),
    estimated: Nullable(Estimate),
    predictionMix: Type.Record(Type.String(), Type.Number()),
    predictionDistribution: Nullable(Distribution),
    llm: Nullable(LlmSignalsSchema),
    vision: Nullable(VisionSignalsSchema),
  }),
});
export type PerformanceResult = Static<typeof PerformanceResult>;
