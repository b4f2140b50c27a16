import type { AuditRecord, LoadTestRecord, SignoffRecord, UseCaseRecord } from '../../governance/intake/use-case.js';
import type { CoverageSnapshot } from '../../governance/scorecard/coverage-history.js';

/**
 * Storage contract of governance (implemented in storage/). Every write that changes a use case takes the
 * audit entry that describes it and commits both in one transaction, so the trail cannot miss a step.
 */
export interface GovernanceStore {
  /** False when the id is taken. */
  createUseCase(useCase: UseCaseRecord, audit: AuditRecord): Promise<boolean>;
  getUseCase(id: string): Promise<UseCaseRecord | null>;
  listUseCases(): Promise<UseCaseRecord[]>;
  /** Writes when the stored version is `expectedVersion`; false otherwise (changed concurrently or gone). */
  updateUseCase(useCase: UseCaseRecord, expectedVersion: number, audit: AuditRecord): Promise<boolean>;
  /** Removes the use case, its sign-offs and load tests; the audit trail stays. */
  deleteUseCase(id: string, audit: AuditRecord): Promise<boolean>;
  addSignoff(signoff: SignoffRecord, audit: AuditRecord): Promise<void>;
  listSignoffs(useCaseId: string): Promise<SignoffRecord[]>;
  addLoadTest(test: LoadTestRecord, audit: AuditRecord): Promise<number>;
  listLoadTests(useCaseId: string): Promise<LoadTestRecord[]>;
  appendAudit(audit: AuditRecord): Promise<void>;
  /** Oldest first. */
  listAudit(useCaseId: string, limit: number): Promise<AuditRecord[]>;
  /** Labels received in [fromMs, toMs) per model (models without labels are absent). */
  countLabelsReceived(models: string[], fromMs: number, toMs: number): Promise<Record<string, number>>;
  /** Writes the snapshot of its day, replacing one already stored for that day (one row per day). */
  putCoverageSnapshot(snapshot: CoverageSnapshot): Promise<void>;
  /** Snapshots with their day in [fromMs, toMs), oldest first. */
  listCoverageSnapshots(fromMs: number, toMs: number): Promise<CoverageSnapshot[]>;
}
