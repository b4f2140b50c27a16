import type { UseCaseStage } from '@vigil/protocol';
import type {
  AuditRecord,
  CoverageSnapshot,
  GovernanceStore,
  LoadTestRecord,
  SignoffRecord,
  UseCaseRecord,
} from '../contracts/index.js';
import type { PostgresDb, Queryable } from './postgres-db.js';

interface UseCaseRow {
  id: string;
  stage: UseCaseStage;
  through_intake: boolean;
  spec: string;
  created_at: number;
  updated_at: number;
  spec_changed_at: number;
  version: number;
}

const toUseCase = (r: UseCaseRow): UseCaseRecord => ({
  id: r.id,
  spec: JSON.parse(r.spec) as UseCaseRecord['spec'],
  stage: r.stage,
  isThroughIntake: r.through_intake,
  createdAtMs: r.created_at,
  updatedAtMs: r.updated_at,
  specChangedAtMs: r.spec_changed_at,
  version: r.version,
});

async function insertAudit(tx: Queryable, a: AuditRecord): Promise<void> {
  await tx.query(
    'INSERT INTO governance_audit (use_case_id, at, action, actor, api_key_name, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      a.useCaseId,
      a.atMs,
      a.action,
      a.actor ? JSON.stringify(a.actor) : null,
      a.apiKeyName,
      JSON.stringify(a.details ?? null),
    ],
  );
}

/** Governance tables: use cases, sign-offs, load-test windows, the audit trail (same transaction), coverage snapshots. */
export class PostgresGovernanceStore implements GovernanceStore {
  constructor(private readonly db: PostgresDb) {}

  async createUseCase(uc: UseCaseRecord, audit: AuditRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query(
        `INSERT INTO use_cases (id, name, stage, through_intake, spec, created_at, updated_at, spec_changed_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [
          uc.id,
          uc.spec.name,
          uc.stage,
          uc.isThroughIntake,
          JSON.stringify(uc.spec),
          uc.createdAtMs,
          uc.updatedAtMs,
          uc.specChangedAtMs,
          uc.version,
        ],
      );
      if (r.rowCount === 0) return false;
      await insertAudit(tx, audit);
      return true;
    });
  }

  async getUseCase(id: string): Promise<UseCaseRecord | null> {
    const row = await this.db.one<UseCaseRow>('SELECT * FROM use_cases WHERE id = $1', [id]);
    return row ? toUseCase(row) : null;
  }

  async listUseCases(): Promise<UseCaseRecord[]> {
    return (await this.db.query<UseCaseRow>('SELECT * FROM use_cases ORDER BY created_at, id')).map(toUseCase);
  }

  async updateUseCase(uc: UseCaseRecord, expectedVersion: number, audit: AuditRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query(
        'UPDATE use_cases SET name = $1, stage = $2, spec = $3, updated_at = $4, spec_changed_at = $5, version = $6 WHERE id = $7 AND version = $8',
        [
          uc.spec.name,
          uc.stage,
          JSON.stringify(uc.spec),
          uc.updatedAtMs,
          uc.specChangedAtMs,
          uc.version,
          uc.id,
          expectedVersion,
        ],
      );
      if (r.rowCount === 0) return false;
      await insertAudit(tx, audit);
      return true;
    });
  }

  async deleteUseCase(id: string, audit: AuditRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if ((await tx.query('DELETE FROM use_cases WHERE id = $1', [id])).rowCount === 0) return false;
      await insertAudit(tx, audit);
      return true;
    });
  }

  async addSignoff(s: SignoffRecord, audit: AuditRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO use_case_signoffs (use_case_id, key, actor_name, actor_role, api_key_name, at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [s.useCaseId, s.key, s.actor.name, s.actor.role, s.apiKeyName, s.atMs, s.note],
      );
      await insertAudit(tx, audit);
    });
  }

  async listSignoffs(useCaseId: string): Promise<SignoffRecord[]> {
    const rows = await this.db.query<{
      use_case_id: string;
      key: string;
      actor_name: string;
      actor_role: string;
      api_key_name: string | null;
      at: number;
      note: string | null;
    }>('SELECT * FROM use_case_signoffs WHERE use_case_id = $1 ORDER BY at, id', [useCaseId]);
    return rows.map((r) => ({
      useCaseId: r.use_case_id,
      key: r.key,
      actor: { name: r.actor_name, role: r.actor_role } as SignoffRecord['actor'],
      apiKeyName: r.api_key_name,
      atMs: r.at,
      note: r.note,
    }));
  }

  async addLoadTest(t: LoadTestRecord, audit: AuditRecord): Promise<number> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<{ id: number }>(
        'INSERT INTO use_case_load_tests (use_case_id, from_ms, to_ms, actor, api_key_name, at, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [t.useCaseId, t.fromMs, t.toMs, t.actor ? JSON.stringify(t.actor) : null, t.apiKeyName, t.atMs, t.note],
      );
      const id = Number(r.rows[0]!.id);
      await insertAudit(tx, { ...audit, details: { ...(audit.details as object), loadTestId: id } });
      return id;
    });
  }

  async listLoadTests(useCaseId: string): Promise<LoadTestRecord[]> {
    const rows = await this.db.query<{
      id: number;
      use_case_id: string;
      from_ms: number;
      to_ms: number;
      actor: string | null;
      api_key_name: string | null;
      at: number;
      note: string | null;
    }>('SELECT * FROM use_case_load_tests WHERE use_case_id = $1 ORDER BY at, id', [useCaseId]);
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
    await this.db.transaction((tx) => insertAudit(tx, a));
  }

  async listAudit(useCaseId: string, limit: number): Promise<AuditRecord[]> {
    const rows = await this.db.query<{
      id: number;
      use_case_id: string;
      at: number;
      action: string;
      actor: string | null;
      api_key_name: string | null;
      details: string;
    }>('SELECT * FROM governance_audit WHERE use_case_id = $1 ORDER BY id LIMIT $2', [useCaseId, limit]);
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
    const rows = await this.db.query<{ model: string; n: number }>(
      'SELECT model, count(*)::int AS n FROM labels WHERE received_at >= $1 AND received_at < $2 AND model = ANY($3::text[]) GROUP BY model',
      [fromMs, toMs, models],
    );
    for (const r of rows) out[r.model] = r.n;
    return out;
  }

  async putCoverageSnapshot(c: CoverageSnapshot): Promise<void> {
    await this.db.query(
      `INSERT INTO coverage_snapshots (day, taken_at, counted, total, ratio, uncovered) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (day) DO UPDATE SET taken_at = excluded.taken_at, counted = excluded.counted, total = excluded.total,
         ratio = excluded.ratio, uncovered = excluded.uncovered`,
      [c.dayMs, c.takenAtMs, c.counted, c.total, c.ratio, JSON.stringify(c.uncovered)],
    );
  }

  async listCoverageSnapshots(fromMs: number, toMs: number): Promise<CoverageSnapshot[]> {
    const rows = await this.db.query<{
      day: number;
      taken_at: number;
      counted: number;
      total: number;
      ratio: number | null;
      uncovered: string;
    }>('SELECT * FROM coverage_snapshots WHERE day >= $1 AND day < $2 ORDER BY day', [fromMs, toMs]);
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
