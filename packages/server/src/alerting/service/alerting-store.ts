import type { AlertInstance } from '../evaluation/alert-state.js';
import type { Silence } from '../evaluation/silence-matcher.js';
import type { MaintenanceWindow } from '../evaluation/maintenance-window.js';
import type { EscalationPolicy, EscalationState } from '../escalation/escalation-machine.js';
import type { RaciRole } from '../routing/raci-matrix.js';
import type { Team } from '../routing/team-directory.js';
import type { AlertRule, MonitoringArea, Severity } from '../rules/rule-schema.js';

/**
 * The storage contract of the alerting service. `storage/store-types.ts` exposes it as `Store.alerting`;
 * storage/sqlite implements it (migration 003). All times are epoch ms.
 */

export type RuleSource = 'api' | 'yaml';

export interface StoredRule {
  rule: AlertRule;
  source: RuleSource;
  /** 1 on create, +1 on every change of the rule body. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export interface IncidentLink {
  text: string;
  href: string;
}

export interface Incident {
  id: string;
  /** The alert group (Alertmanager group key) the incident belongs to; PagerDuty's dedup_key. */
  groupKey: string;
  title: string;
  area: MonitoringArea;
  severity: Severity;
  model: string | null;
  endpoint: string | null;
  /** The PRIMARY team of the area when it opened. */
  team: string;
  /** SUPPORT and CONSULT teams added to the incident. */
  participants: string[];
  status: IncidentStatus;
  openedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  /** "system" when its alerts resolved, else the API key name. */
  resolvedBy: string | null;
  cause: string | null;
  isFalsePositive: boolean;
  impactUsdPerHour: number | null;
  isCustomerFacing: boolean;
  runbook: string | null;
  links: IncidentLink[];
  ruleIds: string[];
  /** Alert fingerprints that joined the incident. */
  fingerprints: string[];
  /** Channel ids a page (trigger) went to: they get acknowledge and resolve events. */
  pagedChannels: string[];
  escalation: EscalationState | null;
}

export type TimelineKind =
  'fired' | 'notified' | 'escalated' | 'acknowledged' | 'comment' | 'alert-resolved' | 'resolved' | 'reminder';

export interface TimelineEntry {
  id: number;
  incidentId: string;
  at: number;
  kind: TimelineKind;
  /** "system", or the API key name of the person. */
  actor: string;
  message: string;
  details: Record<string, unknown> | null;
}

export interface DeliveryRecord {
  id: number;
  incidentId: string | null;
  channelId: string;
  channelKind: string;
  team: string | null;
  /** page, notify-primary, add-to-incident, notify-accountable, escalation, reminder, acknowledge, resolve, test. */
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
  attemptLog: unknown[];
}

export type ChannelKind = 'slack' | 'teams' | 'pagerduty' | 'email' | 'webhook' | 'inbox';

/** A configured channel. Settings hold secrets (webhook URLs, routing keys, SMTP passwords) as given. */
export interface ChannelConfig {
  id: string;
  name: string;
  kind: ChannelKind;
  settings: Record<string, unknown>;
}

export interface TeamConfig extends Team {
  id: string;
}

export type SloKind = 'availability' | 'latency';

export interface SloConfig {
  id: string;
  name: string;
  kind: SloKind;
  model?: string;
  endpoint?: string;
  objectivePercent: number;
  /** SLO period; default 30 days. */
  periodDays?: number;
  /** latency SLOs: a call is good when its latency is at most this. */
  latencyThresholdMs?: number;
}

export interface IncidentQuery {
  status?: IncidentStatus;
  team?: string;
  area?: string;
  model?: string;
  /** openedAt in [from, to). */
  from?: number;
  to?: number;
  limit?: number;
}

/** A keyed collection of JSON documents (teams, channels, silences, maintenance windows, SLOs). */
export interface DocumentCollection<T extends { id: string }> {
  list(): Promise<T[]>;
  get(id: string): Promise<T | null>;
  /** Creates or replaces; resolves with whether it existed before. */
  put(doc: T, now: number): Promise<{ existed: boolean }>;
  delete(id: string): Promise<boolean>;
}

export interface AlertingStore {
  listRules(): Promise<StoredRule[]>;
  getRule(id: string): Promise<StoredRule | null>;
  /** Inserts or updates; the version moves only when the rule body or source changed. */
  putRule(
    rule: AlertRule,
    source: RuleSource,
    now: number,
  ): Promise<{ stored: StoredRule; change: 'created' | 'updated' | 'unchanged' }>;
  deleteRule(id: string): Promise<boolean>;
  /** A number that changes whenever any rule changes (cheap "reload?" check). */
  rulesRevision(): Promise<number>;

  loadAlertState(): Promise<AlertInstance[]>;
  /** Replaces the stored snapshot. */
  saveAlertState(alerts: readonly AlertInstance[], now: number): Promise<void>;

  createIncident(incident: Incident): Promise<void>;
  updateIncident(incident: Incident): Promise<void>;
  getIncident(id: string): Promise<Incident | null>;
  findActiveIncident(groupKey: string): Promise<Incident | null>;
  listIncidents(query: IncidentQuery): Promise<Incident[]>;
  addTimeline(entry: Omit<TimelineEntry, 'id'>): Promise<TimelineEntry>;
  listTimeline(incidentId: string): Promise<TimelineEntry[]>;

  addDelivery(record: Omit<DeliveryRecord, 'id'>): Promise<DeliveryRecord>;
  listDeliveries(query: { incidentId?: string; channelId?: string; limit?: number }): Promise<DeliveryRecord[]>;

  getRaciRows(): Promise<Array<{ area: MonitoringArea; roles: Record<string, RaciRole> }>>;
  setRaciRows(rows: ReadonlyArray<{ area: MonitoringArea; roles: Record<string, RaciRole> }>): Promise<void>;

  /** The stored escalation policy, or null when none was ever set (the code default applies). */
  getEscalationPolicy(): Promise<EscalationPolicy | null>;
  setEscalationPolicy(policy: EscalationPolicy): Promise<void>;

  readonly teams: DocumentCollection<TeamConfig>;
  readonly channels: DocumentCollection<ChannelConfig>;
  readonly silences: DocumentCollection<Silence>;
  readonly maintenanceWindows: DocumentCollection<MaintenanceWindow>;
  readonly slos: DocumentCollection<SloConfig>;
}
