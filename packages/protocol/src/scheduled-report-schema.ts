import { Type, type Static } from '@sinclair/typebox';
import { ExecutiveReport } from './report-schema.js';
import { RuleTuningStats } from './tuning-schema.js';

// Wire shapes of the scheduled monitoring-effectiveness report and its archive (docs/scheduled-reports.md).
// Times are epoch ms.

/** GET/PUT /reports/schedule. */
export const ReportSchedule = Type.Object(
  {
    isEnabled: Type.Boolean({ default: true }),
    cadence: Type.Union([Type.Literal('monthly'), Type.Literal('weekly')], {
      default: 'monthly',
      description: 'monthly: each calendar month (UTC), sent on the 1st; weekly: Monday–Monday (UTC).',
    }),
    /** The hour (UTC) of the period's first day after which it is sent. */
    hourUtc: Type.Integer({ minimum: 0, maximum: 23, default: 6 }),
    teams: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      maxItems: 20,
      default: ['Executive', 'Business'],
      description:
        'Teams whose notify channels (and digest channels) get the report: e-mail with the PDF, Slack and Teams with a link.',
    }),
  },
  { additionalProperties: false },
);
export type ReportSchedule = Static<typeof ReportSchedule>;
export const ReportScheduleAnswer = Type.Object({ schedule: ReportSchedule, isStored: Type.Boolean() });
export type ReportScheduleAnswer = Static<typeof ReportScheduleAnswer>;

/** The numbers of one report, frozen as they were when it was generated. */
export const ScheduledReportNumbers = Type.Object({
  /** GET /report/executive for the period, as of generation. */
  executive: ExecutiveReport,
  /** GET /alerts/tuning for the period: the rules that fired most (at most 10, most firings first). */
  topRules: Type.Array(RuleTuningStats),
});
export type ScheduledReportNumbers = Static<typeof ScheduledReportNumbers>;

export const ReportDelivery = Type.Object({
  team: Type.String(),
  channelId: Type.String(),
  channelKind: Type.String(),
  ok: Type.Boolean(),
  skipped: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const ArchivedReportSummary = Type.Object({
  id: Type.String(),
  cadence: Type.Union([Type.Literal('monthly'), Type.Literal('weekly')]),
  periodFrom: Type.Number(),
  periodTo: Type.Number(),
  generatedAt: Type.Number(),
  hasPdf: Type.Boolean(),
  /** Why there is no PDF (e.g. Chromium not installed); null when there is one. */
  pdfUnavailableReason: Type.Union([Type.String(), Type.Null()]),
  deliveries: Type.Array(ReportDelivery),
});
export type ArchivedReportSummary = Static<typeof ArchivedReportSummary>;

/** GET /reports/archive: newest period first. */
export const ReportArchiveList = Type.Object({ reports: Type.Array(ArchivedReportSummary) });
export type ReportArchiveList = Static<typeof ReportArchiveList>;

/** GET /reports/archive/:id. */
export const ArchivedReport = Type.Object({ report: ArchivedReportSummary, numbers: ScheduledReportNumbers });
export type ArchivedReport = Static<typeof ArchivedReport>;

/** POST /reports/run: generate (and deliver) the report of the last complete period now, or of a given one. */
export const ReportRunBody = Type.Object(
  {
    cadence: Type.Optional(Type.Union([Type.Literal('monthly'), Type.Literal('weekly')])),
    /** Any time inside the period to report on; default: the last complete period. */
    periodContaining: Type.Optional(Type.String({ maxLength: 40 })),
    deliver: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type ReportRunBody = Static<typeof ReportRunBody>;
