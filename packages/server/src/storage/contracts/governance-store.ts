import type { Actor, RiskTier, UseCaseStage } from '@vigil/protocol';

/**
 * Storage contract of governance (implemented in storage/), with the records it keeps; governance/ re-exports them. Every write that changes a use case takes the
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

/** What the owners declare about a use case: the deck's Phase 1 requirements plus what it owns. */
export interface UseCaseSpec {
  name: string;
  description: string | null;
  ownerTeam: string;
  models: string[];
  endpoints: string[];
  /** Declared; null = infer from the observed modelType. */
  isLlm: boolean | null;
  businessImpact: { revenueAtStakeUsdPerHour: number; isCustomerFacing: boolean; notes?: string } | null;
  expectedQps: number | null;
  latencyLimitMs: number | null;
  accuracyThreshold: number | null;
  /** False while the accuracy question is unanswered; true with threshold null means "not applicable". */
  isAccuracyAnswered: boolean;
  compliance: { personalData: boolean; gdpr: boolean; pci: boolean; notes?: string } | null;
  /** Declared tier; null = use the assessed one. */
  riskTier: RiskTier | null;
  /** Areas declared as needing alert rules, on top of those the requirements imply. */
  monitoringAreas: string[];
}

export interface UseCaseRecord {
  id: string;
  spec: UseCaseSpec;
  stage: UseCaseStage;
  /** Entered intake at "requirements" (adoption counts these). */
  isThroughIntake: boolean;
  createdAtMs: number;
  updatedAtMs: number;
  /** Last change of the spec: a CTO approval older than this no longer counts. */
  specChangedAtMs: number;
  /** Optimistic-concurrency version, +1 per write. */
  version: number;
}

export interface SignoffRecord {
  useCaseId: string;
  key: string;
  actor: Actor;
  apiKeyName: string | null;
  atMs: number;
  note: string | null;
}

export interface LoadTestRecord {
  id?: number;
  useCaseId: string;
  fromMs: number;
  toMs: number;
  actor: Actor | null;
  apiKeyName: string | null;
  atMs: number;
  note: string | null;
}

export interface AuditRecord {
  id?: number;
  useCaseId: string;
  atMs: number;
  action: string;
  actor: Actor | null;
  apiKeyName: string | null;
  details: unknown;
}

/**
 * Coverage as computed on one UTC day (docs/governance.md, "Coverage history"): production use cases and
 * models seen in traffic that are fully monitored (`counted`) out of all of them (`total`).
 */
export interface CoverageSnapshot {
  /** 00:00 UTC of the day the snapshot belongs to. */
  dayMs: number;
  takenAtMs: number;
  counted: number;
  total: number;
  /** counted ÷ total rounded as the scorecard rounds it; null when there was nothing to cover. */
  ratio: number | null;
  /** Scorecard item ids not fully monitored: `use-case:<id>`, `model:<name>`. */
  uncovered: string[];
}
