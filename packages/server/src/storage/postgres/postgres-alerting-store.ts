import type { AlertRule, MaintenanceWindow, MonitoringArea, RaciRole, Silence } from '@vigil/protocol';
import type {
  AlertInstance,
  AlertingStore,
  ChannelConfig,
  DeliveryRecord,
  DocumentCollection,
  EscalationPolicy,
  Incident,
  IncidentQuery,
  RuleSource,
  SloConfig,
  StoredRule,
  TeamConfig,
  TimelineEntry,
} from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

interface RuleRow {
  id: string;
  body: string;
  source: RuleSource;
  version: number;
  created_at: number;
  updated_at: number;
}

const toRule = (r: RuleRow): StoredRule => ({
  rule: JSON.parse(r.body) as AlertRule,
  source: r.source,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

type IncidentRow = Record<string, unknown>;

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id as string,
    groupKey: r.group_key as string,
    title: r.title as string,
    area: r.area as Incident['area'],
    severity: r.severity as Incident['severity'],
    model: r.model as string | null,
    endpoint: r.endpoint as string | null,
    team: r.team as string,
    participants: JSON.parse(r.participants as string) as string[],
    status: r.status as Incident['status'],
    openedAt: r.opened_at as number,
    acknowledgedAt: r.acknowledged_at as number | null,
    acknowledgedBy: r.acknowledged_by as string | null,
    resolvedAt: r.resolved_at as number | null,
    resolvedBy: r.resolved_by as string | null,
    cause: r.cause as string | null,
    isFalsePositive: r.false_positive === 1,
    impactUsdPerHour: r.impact_usd_per_hour as number | null,
    isCustomerFacing: r.customer_facing === 1,
    runbook: r.runbook as string | null,
    links: JSON.parse(r.links as string) as Incident['links'],
    ruleIds: JSON.parse(r.rule_ids as string) as string[],
    fingerprints: JSON.parse(r.fingerprints as string) as string[],
    pagedChannels: JSON.parse(r.paged_channels as string) as string[],
    escalation: r.escalation ? (JSON.parse(r.escalation as string) as Incident['escalation']) : null,
  };
}

function incidentValues(i: Incident): Array<string | number | null> {
  return [
    i.id,
    i.groupKey,
    i.title,
    i.area,
    i.severity,
    i.model,
    i.endpoint,
    i.team,
    i.status,
    i.openedAt,
    i.acknowledgedAt,
    i.acknowledgedBy,
    i.resolvedAt,
    i.resolvedBy,
    i.cause,
    i.isFalsePositive ? 1 : 0,
    i.impactUsdPerHour,
    i.isCustomerFacing ? 1 : 0,
    i.runbook,
    JSON.stringify(i.links),
    JSON.stringify(i.participants),
    JSON.stringify(i.ruleIds),
    JSON.stringify(i.fingerprints),
    JSON.stringify(i.pagedChannels),
    i.escalation ? JSON.stringify(i.escalation) : null,
  ];
}

const INCIDENT_COLUMNS = [
  'id',
  'group_key',
  'title',
  'area',
  'severity',
  'model',
  'endpoint',
  'team',
  'status',
  'opened_at',
  'acknowledged_at',
  'acknowledged_by',
  'resolved_at',
  'resolved_by',
  'cause',
  'false_positive',
  'impact_usd_per_hour',
  'customer_facing',
  'runbook',
  'links',
  'participants',
  'rule_ids',
  'fingerprints',
  'paged_channels',
  'escalation',
];

/** A table of JSON documents keyed by id. */
class PostgresDocumentCollection<T extends { id: string }> implements DocumentCollection<T> {
  constructor(
    private readonly db: PostgresDb,
    private readonly table: string,
  ) {}

  async list(): Promise<T[]> {
    return (await this.db.query<{ body: string }>(`SELECT body FROM ${this.table} ORDER BY id`)).map(
      (r) => JSON.parse(r.body) as T,
    );
  }

  async get(id: string): Promise<T | null> {
    const row = await this.db.one<{ body: string }>(`SELECT body FROM ${this.table} WHERE id = $1`, [id]);
    return row ? (JSON.parse(row.body) as T) : null;
  }

  async put(doc: T, now: number): Promise<{ existed: boolean }> {
    // xmax = 0 only on a freshly inserted row: it tells an insert from an update in one statement.
    const r = await this.db.one<{ inserted: boolean }>(
      `INSERT INTO ${this.table} (id, body, created_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at RETURNING (xmax = 0) AS inserted`,
      [doc.id, JSON.stringify(doc), now],
    );
    return { existed: !r!.inserted };
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM ${this.table} WHERE id = $1 RETURNING 1`, [id])).length === 1;
  }
}

/** PostgreSQL implementation of {@link AlertingStore} (migration 2). */
export class PostgresAlertingStore implements AlertingStore {
  readonly teams: DocumentCollection<TeamConfig>;
  readonly channels: DocumentCollection<ChannelConfig>;
  readonly silences: DocumentCollection<Silence>;
  readonly maintenanceWindows: DocumentCollection<MaintenanceWindow>;
  readonly slos: DocumentCollection<SloConfig>;

  constructor(private readonly db: PostgresDb) {
    this.teams = new PostgresDocumentCollection<TeamConfig>(db, 'alert_teams');
    this.channels = new PostgresDocumentCollection<ChannelConfig>(db, 'alert_channels');
    this.silences = new PostgresDocumentCollection<Silence>(db, 'alert_silences');
    this.maintenanceWindows = new PostgresDocumentCollection<MaintenanceWindow>(db, 'alert_maintenance_windows');
    this.slos = new PostgresDocumentCollection<SloConfig>(db, 'alert_slos');
  }

  async listRules(): Promise<StoredRule[]> {
    return (await this.db.query<RuleRow>('SELECT * FROM alert_rules ORDER BY id')).map(toRule);
  }

  async getRule(id: string): Promise<StoredRule | null> {
    const row = await this.db.one<RuleRow>('SELECT * FROM alert_rules WHERE id = $1', [id]);
    return row ? toRule(row) : null;
  }

  async putRule(
    rule: AlertRule,
    source: RuleSource,
    now: number,
  ): Promise<{ stored: StoredRule; change: 'created' | 'updated' | 'unchanged' }> {
    const body = JSON.stringify(rule);
    return this.db.transaction(async (tx) => {
      const row = (await tx.query<RuleRow>('SELECT * FROM alert_rules WHERE id = $1 FOR UPDATE', [rule.id])).rows[0];
      if (row && row.body === body && row.source === source)
        return { stored: toRule(row), change: 'unchanged' as const };
      const next: RuleRow = {
        id: rule.id,
        body,
        source,
        version: (row?.version ?? 0) + 1,
        created_at: row?.created_at ?? now,
        updated_at: now,
      };
      await tx.query(
        `INSERT INTO alert_rules (id, body, source, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, source = excluded.source, version = excluded.version, updated_at = excluded.updated_at`,
        [next.id, next.body, next.source, next.version, next.created_at, next.updated_at],
      );
      await tx.query("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'alert_rules_revision'");
      return { stored: toRule(next), change: row ? ('updated' as const) : ('created' as const) };
    });
  }

  async deleteRule(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const deleted = (await tx.query('DELETE FROM alert_rules WHERE id = $1', [id])).rowCount === 1;
      if (deleted)
        await tx.query("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'alert_rules_revision'");
      return deleted;
    });
  }

  async rulesRevision(): Promise<number> {
    return Number(
      (await this.db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'alert_rules_revision'"))!.value,
    );
  }

  async loadAlertState(): Promise<AlertInstance[]> {
    return (await this.db.query<{ body: string }>('SELECT body FROM alert_state')).map(
      (r) => JSON.parse(r.body) as AlertInstance,
    );
  }

  async saveAlertState(alerts: readonly AlertInstance[], now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM alert_state');
      for (const a of alerts)
        await tx.query('INSERT INTO alert_state (rule_id, body, saved_at) VALUES ($1, $2, $3)', [
          a.ruleId,
          JSON.stringify(a),
          now,
        ]);
    });
  }

  async createIncident(incident: Incident): Promise<void> {
    await this.db.query(
      `INSERT INTO incidents (${INCIDENT_COLUMNS.join(', ')}) VALUES (${INCIDENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      incidentValues(incident),
    );
  }

  async updateIncident(incident: Incident): Promise<void> {
    const sets = INCIDENT_COLUMNS.slice(1).map((c, i) => `${c} = $${i + 2}`);
    await this.db.query(`UPDATE incidents SET ${sets.join(', ')} WHERE id = $1`, incidentValues(incident));
  }

  async getIncident(id: string): Promise<Incident | null> {
    const row = await this.db.one<IncidentRow>('SELECT * FROM incidents WHERE id = $1', [id]);
    return row ? toIncident(row) : null;
  }

  async findActiveIncident(groupKey: string): Promise<Incident | null> {
    const row = await this.db.one<IncidentRow>(
      "SELECT * FROM incidents WHERE group_key = $1 AND status <> 'resolved' ORDER BY opened_at DESC LIMIT 1",
      [groupKey],
    );
    return row ? toIncident(row) : null;
  }

  async listIncidents(q: IncidentQuery): Promise<Incident[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      if (v !== undefined) conditions.push(sql.replace('?', `$${params.push(v)}`));
    };
    add('status = ?', q.status);
    add('team = ?', q.team);
    add('area = ?', q.area);
    add('model = ?', q.model);
    add('opened_at >= ?', q.from);
    add('opened_at < ?', q.to);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<IncidentRow>(
      `SELECT * FROM incidents ${where} ORDER BY opened_at DESC, id LIMIT $${params.push(q.limit ?? 100)}`,
      params,
    );
    return rows.map(toIncident);
  }

  async addTimeline(e: Omit<TimelineEntry, 'id'>): Promise<TimelineEntry> {
    const r = await this.db.one<{ id: number }>(
      'INSERT INTO incident_timeline (incident_id, at, kind, actor, message, details) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [e.incidentId, e.at, e.kind, e.actor, e.message, e.details ? JSON.stringify(e.details) : null],
    );
    return { id: r!.id, ...e };
  }

  async listTimeline(incidentId: string): Promise<TimelineEntry[]> {
    const rows = await this.db.query<{
      id: number;
      incident_id: string;
      at: number;
      kind: TimelineEntry['kind'];
      actor: string;
      message: string;
      details: string | null;
    }>('SELECT * FROM incident_timeline WHERE incident_id = $1 ORDER BY at, id', [incidentId]);
    return rows.map((r) => ({
      id: r.id,
      incidentId: r.incident_id,
      at: r.at,
      kind: r.kind,
      actor: r.actor,
      message: r.message,
      details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    }));
  }

  async addDelivery(d: Omit<DeliveryRecord, 'id'>): Promise<DeliveryRecord> {
    const r = await this.db.one<{ id: number }>(
      `INSERT INTO alert_deliveries (incident_id, channel_id, channel_kind, team, purpose, notification_id, notification_kind, ok, skipped,
         attempts, status_code, error, started_at, finished_at, attempt_log) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        d.incidentId,
        d.channelId,
        d.channelKind,
        d.team,
        d.purpose,
        d.notificationId,
        d.notificationKind,
        d.ok,
        d.skipped,
        d.attempts,
        d.statusCode,
        d.error,
        d.startedAt,
        d.finishedAt,
        JSON.stringify(d.attemptLog),
      ],
    );
    return { id: r!.id, ...d };
  }

  async listDeliveries(q: { incidentId?: string; channelId?: string; limit?: number }): Promise<DeliveryRecord[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (q.incidentId !== undefined) conditions.push(`incident_id = $${params.push(q.incidentId)}`);
    if (q.channelId !== undefined) conditions.push(`channel_id = $${params.push(q.channelId)}`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM alert_deliveries ${where} ORDER BY id LIMIT $${params.push(q.limit ?? 500)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as number,
      incidentId: r.incident_id as string | null,
      channelId: r.channel_id as string,
      channelKind: r.channel_kind as string,
      team: r.team as string | null,
      purpose: r.purpose as string,
      notificationId: r.notification_id as string,
      notificationKind: r.notification_kind as string,
      ok: r.ok as boolean,
      skipped: r.skipped as string | null,
      attempts: r.attempts as number,
      statusCode: r.status_code as number | null,
      error: r.error as string | null,
      startedAt: r.started_at as number,
      finishedAt: r.finished_at as number,
      attemptLog: JSON.parse(r.attempt_log as string) as unknown[],
    }));
  }

  async getRaciRows(): Promise<Array<{ area: MonitoringArea; roles: Record<string, RaciRole> }>> {
    const rows = await this.db.query<{ area: MonitoringArea; roles: string }>(
      'SELECT area, roles FROM raci_matrix ORDER BY area',
    );
    return rows.map((r) => ({ area: r.area, roles: JSON.parse(r.roles) as Record<string, RaciRole> }));
  }

  async setRaciRows(rows: ReadonlyArray<{ area: MonitoringArea; roles: Record<string, RaciRole> }>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM raci_matrix');
      for (const r of rows)
        await tx.query('INSERT INTO raci_matrix (area, roles) VALUES ($1, $2)', [r.area, JSON.stringify(r.roles)]);
    });
  }

  async getEscalationPolicy(): Promise<EscalationPolicy | null> {
    const row = await this.db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'alert_escalation_policy'");
    return row ? (JSON.parse(row.value) as EscalationPolicy) : null;
  }

  async setEscalationPolicy(policy: EscalationPolicy): Promise<void> {
    await this.db.query(
      "INSERT INTO meta (key, value) VALUES ('alert_escalation_policy', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [JSON.stringify(policy)],
    );
  }
}
