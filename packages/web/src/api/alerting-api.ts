// Wire shapes of the alerting API (packages/server/src/api/alerting-*.ts, docs/alerting.md). Mirrored, not
// imported, so the browser bundle does not pull TypeBox or server code in.
import { ApiError, buildApiPath, type QueryParams } from './api-client.js';
import { clearApiKey, readApiKey } from './api-key-store.js';

export const MONITORING_AREAS = [
  'Infrastructure',
  'API Performance',
  'Model Accuracy',
  'Data Quality',
  'Security Events',
  'Cost Monitoring',
  'Compliance',
] as const;
export type MonitoringArea = (typeof MONITORING_AREAS)[number];
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const COMPARATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const RACI_ROLES = ['PRIMARY', 'SUPPORT', 'CONSULT', 'REVIEW', 'ACCOUNTABLE', 'INFORMED'] as const;
export type RaciRole = (typeof RACI_ROLES)[number];

/**
 * Sends a JSON request with the stored key; same error and 401 handling as fetchApi.
 * @example await sendApi<{ rule: StoredRule }>('POST', '/api/v1/alerts/rules', rule)
 */
export async function sendApi<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  params: QueryParams = {},
): Promise<T> {
  const key = readApiKey();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(buildApiPath(path, params), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): keep the status line below.
  }
  if (res.ok) return json as T;
  const err = (json ?? {}) as { code?: string; message?: string };
  if (res.status === 401 && key !== null && key === readApiKey()) clearApiKey();
  throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? `${res.status} ${res.statusText}`);
}

// ---- Rules ----------------------------------------------------------------------------------------------

export interface RuleScope {
  model?: string;
  endpoint?: string;
  tags?: Record<string, string>;
}

interface RuleCommon {
  id: string;
  name: string;
  enabled?: boolean;
  scope?: RuleScope;
  area: MonitoringArea;
  severity: Severity;
  runbook: string;
  summary?: string;
  businessImpactUsdPerHour?: number;
  isCustomerFacing?: boolean;
  labels?: Record<string, string>;
  for?: string;
  keepFiringFor?: string;
}

export type AlertRule =
  | (RuleCommon & { kind: 'threshold'; metric: string; window?: string; comparator: Comparator; value: number })
  | (RuleCommon & {
      kind: 'relative_change';
      metric: string;
      window?: string;
      offset: string;
      comparator: Comparator;
      changePercent: number;
    })
  | (RuleCommon & { kind: 'absence'; metric?: string; window: string })
  | (RuleCommon & {
      kind: 'slo_burn';
      errorRatioMetric: string;
      objectivePercent: number;
      alert?: 'page' | 'ticket';
      windows?: Array<{ long: string; short: string; burnRate: number }>;
    });
export type RuleKind = AlertRule['kind'];

export interface StoredRule {
  rule: AlertRule;
  source: 'api' | 'yaml';
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface PreviewEpisode {
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
}

export interface RulePreview {
  ruleId: string;
  from: number;
  to: number;
  stepMs: number;
  evaluations: number;
  firings: number;
  firingMs: number;
  noData: number;
  episodes: PreviewEpisode[];
  values: Array<[number, number | null]>;
  durationMs: number;
}

// ---- Alerts ---------------------------------------------------------------------------------------------

export interface AlertView {
  fingerprint: string;
  ruleId: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'resolved';
  severity: Severity;
  area: MonitoringArea;
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  keepFiringSince: number | null;
  lastEvaluatedAt: number;
  value: number | null;
  isSilenced: boolean;
  silencedBy: { kind: 'silence' | 'maintenance'; id: string } | null;
}

export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Silence {
  id: string;
  matchers: LabelMatcher[];
  startsAt: number;
  endsAt: number;
  createdBy?: string;
  comment?: string;
}

export type MaintenanceSchedule =
  | { kind: 'once'; startsAt: number; endsAt: number }
  | {
      kind: 'weekly';
      weekdays: number[];
      startTime: string;
      duration: string;
      activeFrom?: number;
      activeUntil?: number;
    };

export interface MaintenanceWindow {
  id: string;
  description?: string;
  scope: { models?: string[]; areas?: MonitoringArea[] };
  schedule: MaintenanceSchedule;
}

// ---- Incidents ------------------------------------------------------------------------------------------

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export interface EscalationState {
  status: string;
  levelIndex: number;
  levelSince: number;
  acknowledgedAt: number | null;
  nextReminderAt: number | null;
  impactUsdPerHour: number;
  isExecutiveNotified: boolean;
}

export interface Incident {
  id: string;
  groupKey: string;
  title: string;
  area: MonitoringArea;
  severity: Severity;
  model: string | null;
  endpoint: string | null;
  team: string;
  participants: string[];
  status: IncidentStatus;
  openedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  cause: string | null;
  isFalsePositive: boolean;
  impactUsdPerHour: number | null;
  isCustomerFacing: boolean;
  runbook: string | null;
  links: Array<{ text: string; href: string }>;
  ruleIds: string[];
  fingerprints: string[];
  pagedChannels: string[];
  escalation: EscalationState | null;
}

export interface DeliveryRecord {
  id: number;
  incidentId: string | null;
  channelId: string;
  channelKind: string;
  team: string | null;
  purpose: string;
  notificationId: string;
  notificationKind: string;
  ok: boolean;
  skipped: string | null;
  attempts: number;
  statusCode: number | null;
  error: string | null;
  startedAt: number;
  finishedAt: number;
}

export interface IncidentDetail {
  incident: Incident;
  timeline: TimelineEntry[];
  deliveries: DeliveryRecord[];
}

/** GET /api/v1/incidents/metrics: MTTA, MTTR, false-positive rate per group and bucket (docs/alerting.md). */
export interface IncidentMetricsBucket {
  key: string;
  bucketStart: number;
  bucketEnd: number;
  opened: number;
  acknowledged: number;
  resolved: number;
  mttaMs: number | null;
  mttrMs: number | null;
  criticalResolved: number;
  criticalFalsePositives: number;
  falsePositiveRate: number | null;
}

export interface IncidentMetrics {
  from: number;
  to: number;
  bucketMs: number;
  groupBy: string;
  buckets: IncidentMetricsBucket[];
}

export type TimelineKind =
  'fired' | 'notified' | 'escalated' | 'acknowledged' | 'comment' | 'alert-resolved' | 'resolved' | 'reminder';

export interface TimelineEntry {
  id: number;
  at: number;
  kind: TimelineKind | string;
  actor: string;
  message: string;
  details: Record<string, unknown> | null;
}

// ---- Routing: RACI, teams, channels ---------------------------------------------------------------------

export interface RaciRow {
  area: MonitoringArea;
  roles: Record<string, RaciRole>;
}

export interface TeamMember {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  slackUserId?: string;
}

export interface OnCallRotation {
  startsAt: number;
  handoffWeekday: number;
  handoffHour: number;
  memberIds: string[];
  overrides?: Array<{ memberId: string; startsAt: number; endsAt: number }>;
}

/** A shift as the server's rotation code computes it (`name` null when the member id is not a member). */
export interface OnCallShift {
  memberId: string;
  name: string | null;
  startsAt: number;
  endsAt: number;
  isOverride: boolean;
}

export interface Team {
  id: string;
  name: string;
  members: TeamMember[];
  rotation?: OnCallRotation;
  channels: { page: string[]; notify: string[]; digest: string[] };
  /** When the daily digest goes out (HH:MM in an IANA zone); the server default (08:00 UTC) without it. */
  digest?: { time: string; timeZone: string };
}

/** GET /api/v1/teams: who is on call is the server's answer at its own clock. */
export interface TeamView extends Team {
  onCall: OnCallShift | null;
  nextShifts: OnCallShift[];
}

export const CHANNEL_KINDS = ['slack', 'teams', 'pagerduty', 'email', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** As GET answers it: secrets are "…" + their last 4 characters (URLs, routing keys) or "…" (passwords, header values). */
export interface Channel {
  id: string;
  name: string;
  kind: ChannelKind;
  settings: Record<string, unknown>;
}

export interface EscalationLevel {
  name: string;
  team: string;
  ackTimeoutMs: number;
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  executiveImpactUsd: number;
  reminderAfterMs: number;
  reminderIntervalMs: number;
}

// ---- SLOs -----------------------------------------------------------------------------------------------

export interface SloConfig {
  id: string;
  name: string;
  kind: 'availability' | 'latency';
  model?: string;
  endpoint?: string;
  objectivePercent: number;
  periodDays?: number;
  latencyThresholdMs?: number;
}

export interface SloStatus {
  id: string;
  at: number;
  period: { from: number; to: number };
  totalEvents: number;
  badEvents: number;
  errorBudgetPpm: number;
  allowedBadEvents: number;
  consumedFraction: number;
  remainingFraction: number;
  isExhausted: boolean;
  attainedPercent: number | null;
  burnRates: Record<string, number | null>;
  page: boolean;
  ticket: boolean;
}
