import { DEFAULT_ESCALATION_POLICY, estimateImpactUsd } from '../../incidents/escalation/escalation-machine.js';

/** What the list needs of an incident (alerting's `Incident` fits). */
export interface ImpactIncident {
  id: string;
  title: string;
  area: string;
  severity: string;
  model: string | null;
  team: string;
  status: string;
  openedAt: number;
  resolvedAt: number | null;
  impactUsdPerHour: number | null;
  isCustomerFacing: boolean;
  isFalsePositive: boolean;
}

/**
 * Incidents whose estimated business impact exceeds the executive threshold ($10K, the escalation policy's):
 * impact per hour × duration (at least one hour; open incidents run to `nowMs`), as escalation estimates it.
 * False positives are left out. Largest impact first.
 * @example findHighImpactIncidents(incidents, Date.now()).map((i) => i.estimatedImpactUsd)
 */
export function findHighImpactIncidents(
  incidents: readonly ImpactIncident[],
  nowMs: number,
  thresholdUsd = DEFAULT_ESCALATION_POLICY.executiveImpactUsd,
) {
  return incidents
    .filter((i) => !i.isFalsePositive && (i.impactUsdPerHour ?? 0) > 0)
    .map((i) => {
      const end = i.resolvedAt ?? nowMs;
      return {
        id: i.id,
        title: i.title,
        area: i.area,
        severity: i.severity,
        model: i.model,
        team: i.team,
        status: i.status,
        isCustomerFacing: i.isCustomerFacing,
        openedAt: new Date(i.openedAt).toISOString(),
        resolvedAt: i.resolvedAt === null ? null : new Date(i.resolvedAt).toISOString(),
        durationMinutes: Math.round((end - i.openedAt) / 60_000),
        impactUsdPerHour: i.impactUsdPerHour!,
        estimatedImpactUsd: Math.round(estimateImpactUsd(i.impactUsdPerHour!, i.openedAt, end) * 100) / 100,
      };
    })
    .filter((i) => i.estimatedImpactUsd > thresholdUsd)
    .sort((a, b) => b.estimatedImpactUsd - a.estimatedImpactUsd);
}
