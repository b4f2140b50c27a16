import type { Actor, RiskTier, UseCaseStage } from '@vigil/protocol';
import type { AuditRecord, LoadTestRecord, SignoffRecord, UseCaseRecord, UseCaseSpec } from '../../storage/index.js';

export type { Actor, AuditRecord, LoadTestRecord, RiskTier, SignoffRecord, UseCaseRecord, UseCaseSpec, UseCaseStage };

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
