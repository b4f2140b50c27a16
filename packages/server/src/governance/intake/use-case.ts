import type { Actor, RiskTier, UseCaseStage } from '@vigil/protocol';

export type { Actor, RiskTier, UseCaseStage };

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
 * The risk tier the requirements imply: card data or customer-facing with large revenue at stake is
 * critical; personal data or customer-facing is high; revenue at stake alone is medium.
 * @example assessRiskTier({ ...spec, compliance: { personalData: false, gdpr: false, pci: true } }) // 'critical'
 */
export function assessRiskTier(spec: Pick<UseCaseSpec, 'businessImpact' | 'compliance'>): RiskTier {
  const bi = spec.businessImpact;
  const c = spec.compliance;
  if (c?.pci || (bi?.isCustomerFacing && bi.revenueAtStakeUsdPerHour >= 10_000)) return 'critical';
  if (c?.personalData || c?.gdpr || bi?.isCustomerFacing) return 'high';
  if (bi && bi.revenueAtStakeUsdPerHour > 0) return 'medium';
  return 'low';
}

/**
 * Monitoring areas needing alert rules: API performance always; model accuracy with an accuracy
 * threshold; cost for LLMs; security events and compliance with personal, GDPR or card data; plus declared.
 */
export function requiredMonitoringAreas(spec: UseCaseSpec, isLlm: boolean): string[] {
  const areas = new Set<string>(['API Performance']);
  if (spec.accuracyThreshold !== null) areas.add('Model Accuracy');
  if (isLlm) areas.add('Cost Monitoring');
  const c = spec.compliance;
  if (c && (c.personalData || c.gdpr || c.pci)) {
    areas.add('Security Events');
    areas.add('Compliance');
  }
  for (const a of spec.monitoringAreas) areas.add(a);
  return [...areas];
}
