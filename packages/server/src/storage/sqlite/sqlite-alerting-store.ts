import type Database from 'better-sqlite3';
import { Where } from './sql-where.js';
import type { AlertRule, MaintenanceWindow, MonitoringArea, RaciRole, Silence } from '@vigil/protocol';
import type {
  AlertInstance,
  AlertingStore,
  EscalationPolicy,
  ChannelConfig,
  DeliveryRecord,
  DocumentCollection,
  Incident,
  IncidentQuery,
  RuleSource,
  SloConfig,
  StoredRule,
  TeamConfig,
  TimelineEntry,
} from '../contracts/index.js';

interface RuleRow {
  id: string;
  body: string;
  source: RuleSource;
  version: number;
  created_at: number;
  updated_at: number;
}

interface IncidentRow {
  id: string;
  group_key: string;
  title: string;
  area: string;
  severity: string;
  model: string | null;
  endpoint: string | null;
  team: string;
  status: string;
  opened_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  cause: string | null;
  false_positive: number;
  impact_usd_per_hour: number | null;
  customer_facing: number;
  runbook: string | null;
  links: string;
  participants: string;
  rule_ids: string;
  fingerprints: string;
  paged_channels: string;
  escalation: string | null;
}

const toRule = (r: RuleRow): StoredRule => ({
  rule: JSON.parse(r.body) as AlertRule,
  source: r.source,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    groupKey: r.group_key,
    title: r.title,
    area: r.area as Incident['area'],
    severity: r.severity as Incident['severity'],
    model: r.model,
    endpoint: r.endpoint,
    team: r.team,
    participants: JSON.parse(r.participants) as string[],
    status: r.status as Incident['status'],
    openedAt: r.opened_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    cause: r.cause,
    isFalsePositive: r.false_positive === 1,
    impactUsdPerHour: r.impact_usd_per_hour,
    isCustomerFacing: r.customer_facing === 1,
    runbook: r.runbook,
    links: JSON.parse(r.links) as Incident['links'],
    ruleIds: JSON.parse(r.rule_ids) as string[],
    fingerprints: JSON.parse(r.fingerprints) as string[],
    pagedChannels: JSON.parse(r.paged_channels) as string[],
    escalation: r.escalation ? (JSON.parse(r.escalation) as Incident['escalation']) : null,
  };
}

function incidentParams(i: Incident): Record<string, string | number | null> {
  return {
    id: i.id,
    group_key: i.groupKey,
    title: i.title,
    area: i.area,
    severity: i.severity,
    model: i.model,
    endpoint: i.endpoint,
    team: i.team,
    status: i.status,
    opened_at: i.openedAt,
    acknowledged_at: i.acknowledgedAt,
    acknowledged_by: i.acknowledgedBy,
    resolved_at: i.resolvedAt,
    resolved_by: i.resolvedBy,
    cause: i.cause,
    false_positive: i.isFalsePositive ? 1 : 0,
    impact_usd_per_hour: i.impactUsdPerHour,
    customer_facing: i.isCustomerFacing ? 1 : 0,
    runbook: i.runbook,
    links: JSON.stringify(i.links),
    participants: JSON.stringify(i.participants),
    rule_ids: JSON.stringify(i.ruleIds),
    fingerprints: JSON.stringify(i.fingerprints),
    paged_channels: JSON.stringify(i.pagedChannels),
    escalation: i.escalation ? JSON.stringify(i.escalation) : null,
  };
}

const INCIDENT_COLUMNS = Object.keys(
  incidentParams({
    links: [],
    participants: [],
    ruleIds: [],
    fingerprints: [],
    pagedChannels: [],
  } as unknown as Incident),
);

/** A table of JSON documents keyed by id. */
class SqliteDocumentCollection<T extends { id: string }> implements DocumentCollection<T> {
  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
  ) {}

  async list(): Promise<T[]> {
    return (this.db.prepare(`SELECT body FROM ${this.table} ORDER BY id`).all() as Array<{ body: string }>).map(
      (r) => JSON.parse(r.body) as T,
    );
  }

  async get(id: string): Promise<T | null> {
    const row = this.db.prepare(`SELECT body FROM ${this.table} WHERE id = ?`).get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as T) : null;
  }

  async put(doc: T, now: number): Promise<{ existed: boolean }> {
    const existed = this.db.prepare(`SELECT 1 FROM ${this.table} WHERE id = ?`).get(doc.id) !== undefined;
    this.db
      .prepare(
        `INSERT INTO ${this.table} (id, body, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
      )
      .run(doc.id, JSON.stringify(doc), now, now);
    return { existed };
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare(`DELETE FROM ${this.table} WHERE id = ?`).run(id).changes === 1;
  }
}

/** SQLite implementation of {@link AlertingStore} over the tables of migration 003. */
export class SqliteAlertingStore implements AlertingStore {
  readonly teams: DocumentCollection<TeamConfig>;
  readonly channels: DocumentCollection<ChannelConfig>;
  readonly silences: DocumentCollection<Silence>;
  readonly maintenanceWindows: DocumentCollection<MaintenanceWindow>;
  readonly slos: DocumentCollection<SloConfig>;
  private readonly bumpRevision: Database.Statement;
  private readonly saveStateTx: (alerts: readonly AlertInstance[], now: number) => void;
  private readonly setRaciTx: (rows: ReadonlyArray<{ area: MonitoringArea; roles: Record<string, RaciRole> }>) => void;

  constructor(private readonly db: Database.Database) {
    this.teams = new SqliteDocumentCollection<TeamConfig>(db, 'alert_teams');
    this.channels = new SqliteDocumentCollection<ChannelConfig>(db, 'alert_channels');
    this.silences = new SqliteDocumentCollection<Silence>(db, 'alert_silences');
    this.maintenanceWindows = new SqliteDocumentCollection<MaintenanceWindow>(db, 'alert_maintenance_windows');
    this.slos = new SqliteDocumentCollection<SloConfig>(db, 'alert_slos');
    this.bumpRevision = db.prepare(
      "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'alert_rules_revision'",
    );
    const deleteState = db.prepare('DELETE FROM alert_state');
    const insertState = db.prepare('INSERT INTO alert_state (rule_id, body, saved_at) VALUES (?, ?, ?)');
    this.saveStateTx = db.transaction((alerts: readonly AlertInstance[], now: number) => {
      deleteState.run();
      for (const a of alerts) insertState.run(a.ruleId, JSON.stringify(a), now);
    });
    const deleteRaci = db.prepare('DELETE FROM raci_matrix');
    const insertRaci = db.prepare('INSERT INTO raci_matrix (area, roles) VALUES (?, ?)');
    this.setRaciTx = db.transaction(
      (rows: ReadonlyArray<{ area: MonitoringArea; roles: Record<string, RaciRole> }>) => {
        deleteRaci.run();
        for (const r of rows) insertRaci.run(r.area, JSON.stringify(r.roles));
      },
    );
  }

  async listRules(): Promise<StoredRule[]> {
    return (this.db.prepare('SELECT * FROM alert_rules ORDER BY id').all() as RuleRow[]).map(toRule);
  }

  async getRule(id: string): Promise<StoredRule | null> {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row ? toRule(row) : null;
  }

  async putRule(
    rule: AlertRule,
    source: RuleSource,
    now: number,
  ): Promise<{ stored: StoredRule; change: 'created' | 'updated' | 'unchanged' }> {
    const body = JSON.stringify(rule);
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(rule.id) as RuleRow | undefined;
    if (row && row.body === body && row.source === source) return { stored: toRule(row), change: 'unchanged' };
    const next: RuleRow = {
      id: rule.id,
      body,
      source,
      version: (row?.version ?? 0) + 1,
      created_at: row?.created_at ?? now,
      updated_at: now,
    };
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT OR REPLACE INTO alert_rules (id, body, source, version, created_at, updated_at) VALUES (@id, @body, @source, @version, @created_at, @updated_at)',
        )
        .run(next);
      this.bumpRevision.run();
    })();
    return { stored: toRule(next), change: row ? 'updated' : 'created' };
  }

  async deleteRule(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const deleted = this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes === 1;
      if (deleted) this.bumpRevision.run();
      return deleted;
    })();
  }

  async rulesRevision(): Promise<number> {
    return Number(
      (this.db.prepare("SELECT value FROM meta WHERE key = 'alert_rules_revision'").get() as { value: string }).value,
    );
  }

  async loadAlertState(): Promise<AlertInstance[]> {
    return (this.db.prepare('SELECT body FROM alert_state').all() as Array<{ body: string }>).map(
      (r) => JSON.parse(r.body) as AlertInstance,
    );
  }

  async saveAlertState(alerts: readonly AlertInstance[], now: number): Promise<void> {
    this.saveStateTx(alerts, now);
  }

  async createIncident(incident: Incident): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO incidents (${INCIDENT_COLUMNS.join(', ')}) VALUES (${INCIDENT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      )
      .run(incidentParams(incident));
  }

  async updateIncident(incident: Incident): Promise<void> {
    const sets = INCIDENT_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = @${c}`);
    this.db.prepare(`UPDATE incidents SET ${sets.join(', ')} WHERE id = @id`).run(incidentParams(incident));
  }

  async getIncident(id: string): Promise<Incident | null> {
    const row = this.db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
    return row ? toIncident(row) : null;
  }

  async findActiveIncident(groupKey: string): Promise<Incident | null> {
    const row = this.db
      .prepare("SELECT * FROM incidents WHERE group_key = ? AND status != 'resolved' ORDER BY opened_at DESC LIMIT 1")
      .get(groupKey) as IncidentRow | undefined;
    return row ? toIncident(row) : null;
  }

  async listIncidents(q: IncidentQuery): Promise<Incident[]> {
    const where = new Where()
      .add('status = ?', q.status)
      .add('team = ?', q.team)
      .add('area = ?', q.area)
      .add('model = ?', q.model)
      .add('opened_at >= ?', q.from)
      .add('opened_at < ?', q.to);
    const sql = `SELECT * FROM incidents ${where} ORDER BY opened_at DESC, id LIMIT ?`;
    return (this.db.prepare(sql).all(...where.params, q.limit ?? 100) as IncidentRow[]).map(toIncident);
  }

  async addTimeline(e: Omit<TimelineEntry, 'id'>): Promise<TimelineEntry> {
    const info = this.db
      .prepare(
        'INSERT INTO incident_timeline (incident_id, at, kind, actor, message, details) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(e.incidentId, e.at, e.kind, e.actor, e.message, e.details ? JSON.stringify(e.details) : null);
    return { id: Number(info.lastInsertRowid), ...e };
  }

  async listTimeline(incidentId: string): Promise<TimelineEntry[]> {
    const rows = this.db
      .prepare('SELECT * FROM incident_timeline WHERE incident_id = ? ORDER BY at, id')
      .all(incidentId) as Array<{
      id: number;
      incident_id: string;
      at: number;
      kind: TimelineEntry['kind'];
      actor: string;
      message: string;
      details: string | null;
    }>;
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
    const info = this.db
      .prepare(
        `INSERT INTO alert_deliveries (incident_id, channel_id, channel_kind, team, purpose, notification_id, notification_kind, ok, skipped,
           attempts, status_code, error, started_at, finished_at, attempt_log) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        d.incidentId,
        d.channelId,
        d.channelKind,
        d.team,
        d.purpose,
        d.notificationId,
        d.notificationKind,
        d.ok ? 1 : 0,
        d.skipped,
        d.attempts,
        d.statusCode,
        d.error,
        d.startedAt,
        d.finishedAt,
        JSON.stringify(d.attemptLog),
      );
    return { id: Number(info.lastInsertRowid), ...d };
  }

  async listDeliveries(q: { incidentId?: string; channelId?: string; limit?: number }): Promise<DeliveryRecord[]> {
    const where = new Where().add('incident_id = ?', q.incidentId).add('channel_id = ?', q.channelId);
    const sql = `SELECT * FROM alert_deliveries ${where} ORDER BY id LIMIT ?`;
    const rows = this.db.prepare(sql).all(...where.params, q.limit ?? 500) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as number,
      incidentId: r.incident_id as string | null,
      channelId: r.channel_id as string,
      channelKind: r.channel_kind as string,
      team: r.team as string | null,
      purpose: r.purpose as string,
      notificationId: r.notification_id as string,
      notificationKind: r.notification_kind as string,
      ok: r.ok === 1,
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
    const rows = this.db.prepare('SELECT area, roles FROM raci_matrix').all() as Array<{
      area: MonitoringArea;
      roles: string;
    }>;
    return rows.map((r) => ({ area: r.area, roles: JSON.parse(r.roles) as Record<string, RaciRole> }));
  }

  async setRaciRows(rows: ReadonlyArray<{ area: MonitoringArea; roles: Record<string, RaciRole> }>): Promise<void> {
    this.setRaciTx(rows);
  }

  // One JSON document in meta: no row until the first PUT, so the code default applies without a migration.
  async getEscalationPolicy(): Promise<EscalationPolicy | null> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'alert_escalation_policy'").get() as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as EscalationPolicy) : null;
  }

  async setEscalationPolicy(policy: EscalationPolicy): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES ('alert_escalation_policy', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify(policy));
  }
}
