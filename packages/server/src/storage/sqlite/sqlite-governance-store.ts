import type Database from 'better-sqlite3';
import type { UseCaseStage } from '@vigil/protocol';
import type {
  AuditRecord,
  CoverageSnapshot,
  GovernanceStore,
  LoadTestRecord,
  SignoffRecord,
  UseCaseRecord,
} from '../contracts/index.js';

interface UseCaseRow {
  id: string;
  name: string;
  stage: UseCaseStage;
  through_intake: number;
  spec: string;
  created_at: number;
  updated_at: number;
  spec_changed_at: number;
  version: number;
}

function rowToUseCase(r: UseCaseRow): UseCaseRecord {
  return {
    id: r.id,
    spec: JSON.parse(r.spec) as UseCaseRecord['spec'],
    stage: r.stage,
    isThroughIntake: r.through_intake === 1,
    createdAtMs: r.created_at,
    updatedAtMs: r.updated_at,
    specChangedAtMs: r.spec_changed_at,
    version: r.version,
  };
}

/** Governance tables (migrations 004, 007): use cases, sign-offs, load-test windows, the audit trail, coverage snapshots. */
export class SqliteGovernanceStore implements GovernanceStore {
  private readonly insertAudit: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertAudit = db.prepare(
      'INSERT INTO governance_audit (use_case_id, at, action, actor, api_key_name, details) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  private audit(a: AuditRecord): void {
    this.insertAudit.run(
      a.useCaseId,
      a.atMs,
      a.action,
      a.actor ? JSON.stringify(a.actor) : null,
      a.apiKeyName,
      JSON.stringify(a.details ?? null),
    );
  }

  async createUseCase(uc: UseCaseRecord, audit: AuditRecord): Promise<boolean> {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO use_cases (id, name, stage, through_intake, spec, created_at, updated_at, spec_changed_at, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        )
        .run(
          uc.id,
          uc.spec.name,
          uc.stage,
          uc.isThroughIntake ? 1 : 0,
          JSON.stringify(uc.spec),
          uc.createdAtMs,
          uc.updatedAtMs,
          uc.specChangedAtMs,
          uc.version,
        );
      if (info.changes === 0) return false;
      this.audit(audit);
      return true;
    })();
  }

  async getUseCase(id: string): Promise<UseCaseRecord | null> {
    const row = this.db.prepare('SELECT * FROM use_cases WHERE id = ?').get(id) as UseCaseRow | undefined;
    return row ? rowToUseCase(row) : null;
  }

  async listUseCases(): Promise<UseCaseRecord[]> {
    return (this.db.prepare('SELECT * FROM use_cases ORDER BY created_at, id').all() as UseCaseRow[]).map(rowToUseCase);
  }

  async updateUseCase(uc: UseCaseRecord, expectedVersion: number, audit: AuditRecord): Promise<boolean> {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          'UPDATE use_cases SET name = ?, stage = ?, spec = ?, updated_at = ?, spec_changed_at = ?, version = ? WHERE id = ? AND version = ?',
        )
        .run(
          uc.spec.name,
          uc.stage,
          JSON.stringify(uc.spec),
          uc.updatedAtMs,
          uc.specChangedAtMs,
          uc.version,
          uc.id,
          expectedVersion,
        );
      if (info.changes === 0) return false;
      this.audit(audit);
      return true;
    })();
  }

  async deleteUseCase(id: string, audit: AuditRecord): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.db.prepare('DELETE FROM use_cases WHERE id = ?').run(id).changes === 0) return false;
      this.audit(audit);
      return true;
    })();
  }

  async addSignoff(s: SignoffRecord, audit: AuditRecord): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO use_case_signoffs (use_case_id, key, actor_name, actor_role, api_key_name, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(s.useCaseId, s.key, s.actor.name, s.actor.role, s.apiKeyName, s.atMs, s.note);
      this.audit(audit);
    })();
  }

  async listSignoffs(useCaseId: string): Promise<SignoffRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM use_case_signoffs WHERE use_case_id = ? ORDER BY at, id')
      .all(useCaseId) as Array<{
      use_case_id: string;
      key: string;
      actor_name: string;
      actor_role: string;
      api_key_name: string | null;
      at: number;
      note: string | null;
    }>;
    return rows.map((r) => ({
      useCaseId: r.use_case_id,
      key: r.key,
      actor: { name: r.actor_name, role: r.actor_role },
      apiKeyName: r.api_key_name,
      atMs: r.at,
      note: r.note,
    }));
  }

  async addLoadTest(t: LoadTestRecord, audit: AuditRecord): Promise<number> {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          'INSERT INTO use_case_load_tests (use_case_id, from_ms, to_ms, actor, api_key_name, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(t.useCaseId, t.fromMs, t.toMs, t.actor ? JSON.stringify(t.actor) : null, t.apiKeyName, t.atMs, t.note);
      this.audit({ ...audit, details: { ...(audit.details as object), loadTestId: Number(info.lastInsertRowid) } });
      return Number(info.lastInsertRowid);
    })();
  }

  async listLoadTests(useCaseId: string): Promise<LoadTestRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM use_case_load_tests WHERE use_case_id = ? ORDER BY at, id')
      .all(useCaseId) as Array<{
      id: number;
      use_case_id: string;
      from_ms: number;
      to_ms: number;
      actor: string | null;
      api_key_name: string | null;
      at: number;
      note: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      useCaseId: r.use_case_id,
      fromMs: r.from_ms,
      toMs: r.to_ms,
      actor: r.actor ? (JSON.parse(r.actor) as LoadTestRecord['actor']) : null,
      apiKeyName: r.api_key_name,
      atMs: r.at,
      note: r.note,
    }));
  }

  async appendAudit(a: AuditRecord): Promise<void> {
    this.audit(a);
  }

  async listAudit(useCaseId: string, limit: number): Promise<AuditRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM governance_audit WHERE use_case_id = ? ORDER BY id LIMIT ?')
      .all(useCaseId, limit) as Array<{
      id: number;
      use_case_id: string;
      at: number;
      action: string;
      actor: string | null;
      api_key_name: string | null;
      details: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      useCaseId: r.use_case_id,
      atMs: r.at,
      action: r.action,
      actor: r.actor ? (JSON.parse(r.actor) as AuditRecord['actor']) : null,
      apiKeyName: r.api_key_name,
      details: JSON.parse(r.details) as unknown,
    }));
  }

  async countLabelsReceived(models: string[], fromMs: number, toMs: number): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    if (models.length === 0) return out;
    // Label ids grow with arrival, so the labels received since `fromMs` are an id suffix: find its start by
    // binary search on the primary key rather than adding a received_at index to the ingest path.
    const bounds = this.db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM labels').get() as {
      lo: number | null;
      hi: number | null;
    };
    if (bounds.lo === null || bounds.hi === null) return out;
    const receivedAt = this.db.prepare('SELECT received_at FROM labels WHERE id >= ? ORDER BY id LIMIT 1');
    let lo = bounds.lo;
    let hi = bounds.hi + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = receivedAt.get(mid) as { received_at: number } | undefined;
      if (row && row.received_at < fromMs) lo = mid + 1;
      else hi = mid;
    }
    const rows = this.db
      .prepare(
        `SELECT model, count(*) AS n FROM labels WHERE id >= ? AND received_at < ? AND model IN (${models.map(() => '?').join(',')}) GROUP BY model`,
      )
      .all(lo, toMs, ...models) as Array<{ model: string; n: number }>;
    for (const r of rows) out[r.model] = r.n;
    return out;
  }

  async putCoverageSnapshot(c: CoverageSnapshot): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO coverage_snapshots (day, taken_at, counted, total, ratio, uncovered) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (day) DO UPDATE SET taken_at = excluded.taken_at, counted = excluded.counted, total = excluded.total, ratio = excluded.ratio, uncovered = excluded.uncovered`,
      )
      .run(c.dayMs, c.takenAtMs, c.counted, c.total, c.ratio, JSON.stringify(c.uncovered));
  }

  async listCoverageSnapshots(fromMs: number, toMs: number): Promise<CoverageSnapshot[]> {
    const rows = this.db
      .prepare('SELECT * FROM coverage_snapshots WHERE day >= ? AND day < ? ORDER BY day')
      .all(fromMs, toMs) as Array<{
      day: number;
      taken_at: number;
      counted: number;
      total: number;
      ratio: number | null;
      uncovered: string;
    }>;
    return rows.map((r) => ({
      dayMs: r.day,
      takenAtMs: r.taken_at,
      counted: r.counted,
      total: r.total,
      ratio: r.ratio,
      uncovered: JSON.parse(r.uncovered) as string[],
    }));
  }
}
