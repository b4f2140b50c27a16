import type {
  AlertRule,
  MaintenanceWindow,
  MonitoringArea,
  RaciRole,
  Severity,
  Silence,
  StoredRule,
} from '@vigil/protocol';

/**
 * The storage contract of alerting and incidents (`Store.alerting`), with the records it keeps; storage/sqlite
 * implements it (migration 003). Rule bodies, silences, maintenance windows and RACI roles are the wire shapes
 * of @vigil/protocol; the other records are defined here, and the stages re-export them. All times are epoch ms.
 */

/** A stored rule: `version` is 1 on create, +1 on every change of the rule body. */
export type { StoredRule };
export type RuleSource = StoredRule['source'];

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
  /** Replaces the stored snapshot: at most one alert per rule (the state tracker keeps one series per rule). */
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

/**
 * One alert (one rule's series) as the state tracker holds it (alerting/evaluation/alert-state.ts) and the
 * store keeps it between restarts. Times in epoch ms.
 */
export interface AlertInstance {
  fingerprint: string;
  ruleId: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  state: 'pending' | 'firing' | 'resolved';
  severity: Severity;
  area: MonitoringArea;
  /** First evaluation of this occurrence with the condition met (Prometheus `activeAt`, Alertmanager `startsAt`). */
  activeAt: number;
  /** When it went firing; null while pending. */
  firedAt: number | null;
  /** When it went resolved (Alertmanager `endsAt`); null otherwise. */
  resolvedAt: number | null;
  /** Set while firing with the condition cleared and `keepFiringFor` holding it. */
  keepFiringSince: number | null;
  lastEvaluatedAt: number;
  value: number | null;
  forMs: number;
  keepFiringForMs: number;
  businessImpactUsdPerHour?: number;
  isCustomerFacing?: boolean;
}

/** A weekly rotation: members take turns in order, handing off each week at a weekday and hour (UTC). */
export interface OnCallRotation {
  /** The first member's shift starts here (epoch ms). */
  startsAt: number;
  /** 0 = Sunday … 6 = Saturday (UTC). */
  handoffWeekday: number;
  /** 0–23 (UTC). */
  handoffHour: number;
  /** Member ids in rotation order. */
  memberIds: readonly string[];
  /** One-off replacements: whoever holds an override covering t is on call instead. */
  overrides?: readonly { memberId: string; startsAt: number; endsAt: number }[];
}

export interface TeamMember {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  /** Slack member id, to mention the person on call (`<@U123>`). */
  slackUserId?: string;
}

/**
 * A team of the RACI matrix. Channels are ids of configured channels ({@link ChannelConfig}), by purpose:
 * `page` wakes someone (PagerDuty), `notify` informs (Slack, Teams, e-mail, webhook), `digest` gets the daily digest.
 */
export interface Team {
  name: string;
  members: readonly TeamMember[];
  rotation?: OnCallRotation;
  channels: { page: readonly string[]; notify: readonly string[]; digest: readonly string[] };
  /** When the daily digest goes out, in the team's time zone; the server's default (08:00 UTC) without it. */
  digest?: DigestSchedule;
}

/** When a team's daily digest falls due: a local time of day in an IANA time zone. */
export interface DigestSchedule {
  /** "HH:MM", 24-hour. */
  time: string;
  /** IANA zone name, e.g. "Europe/Berlin"; "UTC". */
  timeZone: string;
}

export interface EscalationLevel {
  name: string;
  team: string;
  /** Unacknowledged this long at this level → next level. Ignored on the last level. */
  ackTimeoutMs: number;
}

export interface EscalationPolicy {
  /** In order; the last is the Executive level. */
  levels: readonly EscalationLevel[];
  /** Estimated impact above this (USD) goes straight to the last level. Default 10,000. */
  executiveImpactUsd: number;
  /** An acknowledged incident still open this long after acknowledgement gets a reminder. Default 4 h. */
  reminderAfterMs: number;
  /** Then a reminder every this long until resolved. Default 4 h. */
  reminderIntervalMs: number;
}

/** Escalation state of one incident: plain data, store it as JSON. */
export interface EscalationState {
  incidentId: string;
  status: 'open' | 'acknowledged' | 'resolved';
  levelIndex: number;
  /** When the current level was paged. */
  levelSince: number;
  openedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  nextReminderAt: number | null;
  impactUsdPerHour: number;
  isExecutiveNotified: boolean;
}
