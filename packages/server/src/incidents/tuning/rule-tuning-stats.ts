import type { MonitoringArea, RuleTuningStats, Severity } from '@vigil/protocol';
import type { Incident } from '../../storage/index.js';

const WEEK_MS = 7 * 86_400_000;

export interface TuningStatsInput {
  from: number;
  to: number;
  /** Incidents opened in [from, to). */
  incidents: readonly Incident[];
  /** Page and escalation deliveries per incident id. */
  pagesByIncident: ReadonlyMap<string, number>;
  /** Member ids on call per team: the rotation's members, else the team's members. */
  onCallByTeam: ReadonlyMap<string, readonly string[]>;
  /** The stored rules (a rule deleted since still gets its row, named by id). */
  rules: ReadonlyMap<string, { name: string; area: MonitoringArea; severity: Severity }>;
}

/**
 * Per rule, what its incidents over [from, to) cost the people on call: firings (incidents it fired into),
 * time firing, acknowledgement rate, false-positive rate (of resolved incidents), median time to acknowledge,
 * pages per week per person on call. Ranked noisiest first: `noise` = false positives + unacknowledged firings
 * (pages nobody needed to act on), then pages per person.
 * @example computeRuleTuningStats({ from, to, incidents, pagesByIncident, onCallByTeam, rules })[0].ruleId
 */
export function computeRuleTuningStats(input: TuningStatsInput): RuleTuningStats[] {
  const byRule = new Map<string, Incident[]>();
  for (const incident of input.incidents)
    for (const ruleId of new Set(incident.ruleIds)) {
      const list = byRule.get(ruleId) ?? [];
      list.push(incident);
      byRule.set(ruleId, list);
    }
  for (const ruleId of input.rules.keys()) if (!byRule.has(ruleId)) byRule.set(ruleId, []);
  const weeks = Math.max(input.to - input.from, 1) / WEEK_MS;
  const rows = [...byRule].map(([ruleId, incidents]): RuleTuningStats => {
    const rule = input.rules.get(ruleId);
    const acked = incidents.filter((i) => i.acknowledgedAt !== null);
    const resolved = incidents.filter((i) => i.status === 'resolved');
    const falsePositives = resolved.filter((i) => i.isFalsePositive).length;
    const pages = incidents.reduce((sum, i) => sum + (input.pagesByIncident.get(i.id) ?? 0), 0);
    const people = new Set(incidents.flatMap((i) => input.onCallByTeam.get(i.team) ?? []));
    const onCallPeople = Math.max(1, people.size);
    return {
      ruleId,
      name: rule?.name ?? ruleId,
      area: rule?.area ?? incidents[0]!.area,
      severity: rule?.severity ?? incidents[0]!.severity,
      isStored: rule !== undefined,
      firings: incidents.length,
      firingMs: incidents.reduce(
        (sum, i) => sum + Math.max(0, Math.min(i.resolvedAt ?? input.to, input.to) - Math.max(i.openedAt, input.from)),
        0,
      ),
      acknowledged: acked.length,
      ackRate: incidents.length ? acked.length / incidents.length : null,
      resolved: resolved.length,
      falsePositives,
      falsePositiveRate: resolved.length ? falsePositives / resolved.length : null,
      medianTimeToAckMs: median(acked.map((i) => i.acknowledgedAt! - i.openedAt)),
      pages,
      onCallPeople,
      pagesPerWeekPerPerson: pages / weeks / onCallPeople,
      noise: falsePositives + (incidents.length - acked.length),
    };
  });
  return rows.sort(
    (a, b) =>
      b.noise - a.noise ||
      b.pagesPerWeekPerPerson - a.pagesPerWeekPerPerson ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/** The median (mean of the two middle values for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
