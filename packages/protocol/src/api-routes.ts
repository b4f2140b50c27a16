import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { GenAiClientSummary, InfraLinkList, InfraResourceList, InfraTimeseriesResult } from './infra-schema.js';
import { AlertRuleSchema, RuleList, RuleOne, RulePreviewBody, RulePutResult } from './alert-rule-schema.js';
import {
  AlertList,
  ChannelList,
  ChannelOne,
  ChannelTestResult,
  CommentResult,
  EscalationPolicyAnswer,
  EscalationPolicyPut,
  IncidentList,
  IncidentOne,
  SloList,
  SloOne,
  SloStatusResult,
  TeamInput,
  TeamList,
  TeamOne,
} from './alerting-answer-schema.js';
import { RulePreviewResult } from './alert-schema.js';
import { RuleHistoryResult, TuningProposal, TuningResult } from './tuning-schema.js';
import {
  ArchivedReport,
  ReportArchiveList,
  ReportRunBody,
  ReportSchedule,
  ReportScheduleAnswer,
} from './scheduled-report-schema.js';
import { ChannelBody, SloBody } from './alerting-schema.js';
import { CommentBody, IncidentDetail, IncidentMetricsResult, ResolveBody } from './incident-schema.js';
import { BudgetsBody, BudgetsResult, CostResult, PricesAdded, PricesBody, PriceList } from './cost-schema.js';
import { DemoInfo } from './demo-schema.js';
import { DashboardBody, DashboardHomeBody, DashboardHomes, DashboardList, DashboardOne } from './dashboard-schema.js';
import {
  AdvanceInput,
  AdvanceResult,
  AuditList,
  CheckpointReport,
  LoadTestInput,
  LoadTestList,
  LoadTestRecorded,
  RoiCalculateBody,
  RoiResponse,
  Scorecard,
  SignoffInput,
  UseCase,
  UseCaseInput,
  UseCaseList,
} from './governance-schema.js';
import {
  ApiKeyCreated,
  ApiKeyInput,
  ApiKeyList,
  AuditTrailList,
  AuditVerifyResult,
  KeyRotateBody,
  OidcLoginInfo,
  OidcSettingsAnswer,
  OidcSettingsInput,
  UserInput,
  UserList,
  UserOne,
  UserPatch,
} from './identity-schema.js';
import { InboxList } from './inbox-schema.js';
import { PiiPolicy, PiiPolicyList, PiiPolicyView, PiiPreviewBody, PiiPreviewResult } from './privacy-schema.js';
import {
  RetentionPolicy,
  RetentionPolicyInput,
  RetentionPolicyList,
  SubjectErasure,
  SubjectExport,
} from './subjects-schema.js';
import { EventPage } from './event-page-schema.js';
import { LimitsResult } from './event-schema.js';
import {
  ExportDeliveryList,
  ExportDestinationBody,
  ExportDestinationList,
  ExportDestinationOne,
  ExportTestResult,
} from './export-schema.js';
import { MetricSummary, ModelList, SegmentList, TimeseriesResult } from './metrics-schema.js';
import {
  DriftResult,
  DriftTimelineResult,
  PerformanceResult,
  QualityResult,
  ReferenceSummary,
} from './model-health-schema.js';
import { RaciBody, RaciRows } from './raci-schema.js';
import { ExecutiveReport, RoiInputsAnswer, RoiInputsStored } from './report-schema.js';
import {
  MaintenanceWindowBody,
  MaintenanceWindowList,
  MaintenanceWindowOne,
  SilenceBody,
  SilenceList,
  SilenceOne,
} from './silence-schema.js';

/** A route of the API: its success status (200 unless given), answer and, for writes, body. */
export interface ApiRoute {
  status?: 201 | 204;
  response: TSchema;
  body?: TSchema;
}

const created = <R extends TSchema, B extends TSchema>(response: R, body: B) => ({
  status: 201 as const,
  response,
  body,
});
const deleted = { status: 204 as const, response: Type.Null() };

/**
 * Every route the web app calls, "METHOD /path/:param" → its wire schemas. The server registers these very
 * schemas on its routes (packages/server/test/api-routes.test.ts checks it route by route), and the web app's
 * fetch helpers take their types from here (`import type`, so the bundle pays nothing): a page asking for
 * a shape the server does not send fails `npm run typecheck`.
 */
export const API_ROUTES = {
  'GET /api/v1/demo': { response: DemoInfo },
  'GET /api/v1/limits': { response: LimitsResult },
  'GET /api/v1/models': { response: ModelList },
  'GET /api/v1/segments': { response: SegmentList },
  'GET /api/v1/metrics/timeseries': { response: TimeseriesResult },
  'GET /api/v1/infra/resources': { response: InfraResourceList },
  'GET /api/v1/infra/timeseries': { response: InfraTimeseriesResult },
  'GET /api/v1/infra/links': { response: InfraLinkList },
  'GET /api/v1/infra/genai': { response: GenAiClientSummary },
  'PUT /api/v1/infra/links': { body: InfraLinkList, response: InfraLinkList },
  'GET /api/v1/metrics/summary': { response: MetricSummary },
  'GET /api/v1/events': { response: EventPage },
  'GET /api/v1/models/:model/drift': { response: DriftResult },
  'GET /api/v1/models/:model/drift/timeline': { response: DriftTimelineResult },
  'GET /api/v1/models/:model/quality': { response: QualityResult },
  'GET /api/v1/models/:model/performance': { response: PerformanceResult },
  'GET /api/v1/models/:model/reference': { response: ReferenceSummary },

  'GET /api/v1/cost': { response: CostResult },
  'GET /api/v1/cost/budgets': { response: BudgetsResult },
  'PUT /api/v1/cost/budgets': { response: BudgetsResult, body: BudgetsBody },
  'GET /api/v1/cost/prices': { response: PriceList },
  'PUT /api/v1/cost/prices': { response: PricesAdded, body: PricesBody },
  'GET /api/v1/report/executive': { response: ExecutiveReport },
  'GET /api/v1/report/roi-inputs': { response: RoiInputsAnswer },
  'PUT /api/v1/report/roi-inputs': { response: RoiInputsStored, body: RoiCalculateBody },

  'GET /api/v1/use-cases': { response: UseCaseList },
  'POST /api/v1/use-cases': created(UseCase, UseCaseInput),
  'GET /api/v1/use-cases/:id': { response: UseCase },
  'PUT /api/v1/use-cases/:id': { response: UseCase, body: UseCaseInput },
  'DELETE /api/v1/use-cases/:id': deleted,
  'GET /api/v1/use-cases/:id/checkpoints': { response: CheckpointReport },
  'POST /api/v1/use-cases/:id/checkpoints/:key': { response: CheckpointReport, body: SignoffInput },
  'GET /api/v1/use-cases/:id/load-tests': { response: LoadTestList },
  'POST /api/v1/use-cases/:id/load-tests': created(LoadTestRecorded, LoadTestInput),
  'POST /api/v1/use-cases/:id/advance': { response: AdvanceResult, body: AdvanceInput },
  'POST /api/v1/use-cases/:id/approve': { response: CheckpointReport, body: SignoffInput },
  'GET /api/v1/use-cases/:id/audit': { response: AuditList },
  'POST /api/v1/roi/calculate': { response: RoiResponse, body: RoiCalculateBody },
  'GET /api/v1/scorecard': { response: Scorecard },

  'GET /api/v1/dashboards': { response: DashboardList },
  'POST /api/v1/dashboards': created(DashboardOne, DashboardBody),
  'GET /api/v1/dashboards/:id': { response: DashboardOne },
  'PUT /api/v1/dashboards/:id': { response: DashboardOne, body: DashboardBody },
  'DELETE /api/v1/dashboards/:id': deleted,
  'PUT /api/v1/dashboard-homes/:team': { response: DashboardHomes, body: DashboardHomeBody },
  'GET /api/v1/inbox': { response: InboxList },
  'GET /api/v1/reports/schedule': { response: ReportScheduleAnswer },
  'PUT /api/v1/reports/schedule': { response: ReportScheduleAnswer, body: ReportSchedule },
  'GET /api/v1/reports/archive': { response: ReportArchiveList },
  'GET /api/v1/reports/archive/:id': { response: ArchivedReport },
  'POST /api/v1/reports/run': created(ArchivedReport, ReportRunBody),

  'GET /api/v1/alerts': { response: AlertList },
  'GET /api/v1/alerts/rules': { response: RuleList },
  'GET /api/v1/alerts/rules/:id': { response: RuleOne },
  'POST /api/v1/alerts/rules': created(RuleOne, AlertRuleSchema),
  'PUT /api/v1/alerts/rules/:id': { response: RulePutResult, body: AlertRuleSchema },
  'DELETE /api/v1/alerts/rules/:id': deleted,
  'POST /api/v1/alerts/rules/preview': { response: RulePreviewResult, body: RulePreviewBody },
  'GET /api/v1/alerts/rules/:id/history': { response: RuleHistoryResult },
  'GET /api/v1/alerts/tuning': { response: TuningResult },
  'GET /api/v1/alerts/tuning/:id/proposal': { response: TuningProposal },

  'GET /api/v1/silences': { response: SilenceList },
  'POST /api/v1/silences': created(SilenceOne, SilenceBody),
  'PUT /api/v1/silences/:id': { response: SilenceOne, body: SilenceBody },
  'DELETE /api/v1/silences/:id': deleted,
  'GET /api/v1/maintenance-windows': { response: MaintenanceWindowList },
  'POST /api/v1/maintenance-windows': created(MaintenanceWindowOne, MaintenanceWindowBody),
  'PUT /api/v1/maintenance-windows/:id': { response: MaintenanceWindowOne, body: MaintenanceWindowBody },
  'DELETE /api/v1/maintenance-windows/:id': deleted,

  'GET /api/v1/incidents': { response: IncidentList },
  'GET /api/v1/incidents/metrics': { response: IncidentMetricsResult },
  'GET /api/v1/incidents/:id': { response: IncidentDetail },
  'POST /api/v1/incidents/:id/acknowledge': { response: IncidentOne },
  'POST /api/v1/incidents/:id/comments': created(CommentResult, CommentBody),
  'POST /api/v1/incidents/:id/resolve': { response: IncidentOne, body: ResolveBody },

  'GET /api/v1/exports': { response: ExportDestinationList },
  'POST /api/v1/exports': created(ExportDestinationOne, ExportDestinationBody),
  'PUT /api/v1/exports/:id': { response: ExportDestinationOne, body: ExportDestinationBody },
  'DELETE /api/v1/exports/:id': deleted,
  'GET /api/v1/exports/:id/deliveries': { response: ExportDeliveryList },
  'POST /api/v1/exports/:id/test': { response: ExportTestResult },

  'GET /api/v1/auth/oidc': { response: OidcLoginInfo },
  'GET /api/v1/auth/oidc/settings': { response: OidcSettingsAnswer },
  'PUT /api/v1/auth/oidc/settings': { response: OidcSettingsAnswer, body: OidcSettingsInput },
  'GET /api/v1/users': { response: UserList },
  'POST /api/v1/users': created(UserOne, UserInput),
  'PATCH /api/v1/users/:id': { response: UserOne, body: UserPatch },
  'GET /api/v1/keys': { response: ApiKeyList },
  'POST /api/v1/keys': created(ApiKeyCreated, ApiKeyInput),
  'POST /api/v1/keys/:id/rotate': created(ApiKeyCreated, KeyRotateBody),
  'DELETE /api/v1/keys/:id': deleted,
  'GET /api/v1/audit': { response: AuditTrailList },
  'GET /api/v1/audit/verify': { response: AuditVerifyResult },

  'GET /api/v1/raci': { response: RaciRows },
  'PUT /api/v1/raci': { response: RaciRows, body: RaciBody },
  'GET /api/v1/teams': { response: TeamList },
  'PUT /api/v1/teams/:id': { response: TeamOne, body: TeamInput },
  'GET /api/v1/channels': { response: ChannelList },
  'POST /api/v1/channels': created(ChannelOne, ChannelBody),
  'PUT /api/v1/channels/:id': { response: ChannelOne, body: ChannelBody },
  'DELETE /api/v1/channels/:id': deleted,
  'POST /api/v1/channels/:id/test': { response: ChannelTestResult },
  'GET /api/v1/escalation-policy': { response: EscalationPolicyAnswer },
  'PUT /api/v1/escalation-policy': { response: EscalationPolicyAnswer, body: EscalationPolicyPut },
  'GET /api/v1/slos': { response: SloList },
  'POST /api/v1/slos': created(SloOne, SloBody),
  'PUT /api/v1/slos/:id': { response: SloOne, body: SloBody },
  'DELETE /api/v1/slos/:id': deleted,
  'GET /api/v1/slos/:id/status': { response: SloStatusResult },

  'GET /api/v1/privacy/pii-policies': { response: PiiPolicyList },
  'PUT /api/v1/privacy/pii-policies/default': { response: PiiPolicyView, body: PiiPolicy },
  'PUT /api/v1/privacy/pii-policies/use-cases/:id': { response: PiiPolicyView, body: PiiPolicy },
  'DELETE /api/v1/privacy/pii-policies/use-cases/:id': deleted,
  'POST /api/v1/privacy/pii-policies/preview': { response: PiiPreviewResult, body: PiiPreviewBody },
  'GET /api/v1/subjects/:id': { response: SubjectExport },
  'DELETE /api/v1/subjects/:id': { response: SubjectErasure },
  'GET /api/v1/retention-policies': { response: RetentionPolicyList },
  'PUT /api/v1/retention-policies/:useCaseId': { response: RetentionPolicy, body: RetentionPolicyInput },
} as const satisfies Record<string, ApiRoute>;

export type ApiRoutes = typeof API_ROUTES;
export type ApiRouteKey = keyof ApiRoutes;
/** What a route answers, e.g. `ApiResponse<'GET /api/v1/cost'>` is `CostResult`. */
export type ApiResponse<K extends ApiRouteKey> = Static<ApiRoutes[K]['response']>;
/** What a write route takes; `never` for a route without a body. */
export type ApiBody<K extends ApiRouteKey> = ApiRoutes[K] extends { body: infer B extends TSchema } ? Static<B> : never;

/**
 * What a route may hand to the serializer for wire type `T`: the same fields, with read-only arrays and
 * objects (the server's own records hold read-only arrays; the serializer only reads).
 * @example function presentTeam(t: TeamConfig): Answer<TeamView>
 */
export type Answer<T> = T extends (infer E)[]
  ? readonly Answer<E>[]
  : T extends object
    ? { readonly [K in keyof T]: Answer<T[K]> }
    : T;
