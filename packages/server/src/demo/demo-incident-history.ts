import { randomUUID } from 'node:crypto';
import type { AlertRule, AlertingStore, Incident, TeamConfig } from '../alerting/index.js';
import {
  alertGroupTitle,
  DEFAULT_EVAL_INTERVAL_MS,
  findOnCall,
  formatGroupKey,
  isCustomerFacingRule,
  previewRule,
} from '../alerting/index.js';
import type { RollupStore } from '../storage/index.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../analysis/api-health/index.js';
import { inverseNormalCdf, unitHash } from './seeded-random.js';
import type { TrafficModel } from './traffic-model.js';

export type DemoApi = (
  method: string,
  path: string,
  body?: unknown,
  ok?: number[],
) => Promise<Record<string, unknown> | null>;

/** Replayed areas: the ones the simulator's injected latency incidents and error bursts trip. */
const REPLAYED_AREAS = new Set(['API Performance']);
/** The rule preview covers at most 14 days, the minute rollups' retention. */
const MAX_REPLAY_MS = 14 * DAY_MS;
const SEVERITY_RANK: Record<string, number> = { critical: 4, error: 3, warning: 2, info: 1 };
export const DEMO_HISTORY_ACTOR = 'vigil demo (history replay)';

export interface IncidentHistoryResult {
  incidents: number;
  acknowledged: number;
  fromMs: number;
  toMs: number;
}

/**
 * Leaves the demo's backfilled history with the incidents its rules would have opened. The times come from the
 * real rule engine: every API Performance rule is replayed with the rule preview (`previewRule`, what
 * POST /api/v1/alerts/rules/preview runs: the real state tracker over the backfilled minute rollups of the simulated
 * traffic, here at the default 30 s evaluation step whatever the server's interval); the episodes that fired and
 * resolved within [historyStart, historyEnd) become resolved incidents, merged per alert group (area and model)
 * as the notification grouper would, routed to the area's PRIMARY team. The only simulated part is the human:
 * the team's on-call member (from its rotation) acknowledges after a seeded delay — a few minutes by day, longer
 * at night — or not at all when the alerts cleared first. Every such incident says so in its timeline
 * ("vigil demo (history replay)"), and none is written outside the demo. The live scheduler takes over from
 * historyEnd. Idempotent only with the rest of the setup (it runs on a fresh store).
 *
 * @example await recordIncidentHistory({ api, alerting: store.alerting, rollups: store.rollups, traffic, historyStartMs, historyEndMs, nowMs: Date.now() })
 */
export async function recordIncidentHistory(opts: {
  api: DemoApi;
  alerting: AlertingStore;
  rollups: RollupStore;
  traffic: TrafficModel;
  historyStartMs: number;
  historyEndMs: number;
  nowMs: number;
}): Promise<IncidentHistoryResult> {
  const { api, alerting, traffic } = opts;
  const hours = Math.floor(Math.min(MAX_REPLAY_MS, opts.nowMs - opts.historyStartMs) / HOUR_MS) - 1;
  const fromMs = opts.nowMs - hours * HOUR_MS;
  const result: IncidentHistoryResult = { incidents: 0, acknowledged: 0, fromMs, toMs: opts.historyEndMs };
  if (hours < 2) return result;
  const listed = (await api('GET', '/api/v1/alerts/rules')) as { rules: Array<{ rule: AlertRule }> };
  const rules = listed.rules.map((r) => r.rule).filter((r) => r.enabled !== false && REPLAYED_AREAS.has(r.area));

  // Per alert group, the episodes of its rules: [firedAt, resolvedAt) and the rule.
  const groups = new Map<string, Array<{ from: number; to: number; rule: AlertRule }>>();
  for (const rule of rules) {
    // One rule at a time, with a turn of the event loop in between: the server keeps answering meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    const preview = await previewRule(rule, opts.rollups, {
      to: opts.nowMs,
      rangeMs: hours * HOUR_MS,
      stepMs: DEFAULT_EVAL_INTERVAL_MS,
    });
    for (const e of preview.episodes) {
      if (e.firedAt === null || e.resolvedAt === null || e.resolvedAt > opts.historyEndMs) continue;
      const key = formatGroupKey({ area: rule.area, ...(rule.scope?.model ? { model: rule.scope.model } : {}) });
      const list = groups.get(key) ?? [];
      list.push({ from: e.firedAt, to: e.resolvedAt, rule });
      groups.set(key, list);
    }
  }

  const teams = new Map((await alerting.teams.list()).map((t) => [t.name, t]));
  const primary = new Map<string, string>();
  for (const row of await alerting.getRaciRows())
    for (const [team, role] of Object.entries(row.roles)) if (role === 'PRIMARY') primary.set(row.area, team);

  for (const [groupKey, episodes] of groups) {
    // Overlapping episodes of one group are one incident, as the grouper joins them.
    episodes.sort((a, b) => a.from - b.from);
    const merged: Array<{ from: number; to: number; rules: AlertRule[] }> = [];
    for (const e of episodes) {
      const last = merged.at(-1);
      if (last && e.from <= last.to) {
        last.to = Math.max(last.to, e.to);
        if (!last.rules.includes(e.rule)) last.rules.push(e.rule);
      } else merged.push({ from: e.from, to: e.to, rules: [e.rule] });
    }
    for (const m of merged) {
      const incident = buildIncident(groupKey, m, primary, teams, traffic);
      await alerting.createIncident(incident);
      await writeTimeline(alerting, incident, m);
      result.incidents++;
      if (incident.acknowledgedAt !== null) result.acknowledged++;
    }
  }
  return result;
}

function buildIncident(
  groupKey: string,
  m: { from: number; to: number; rules: AlertRule[] },
  primary: ReadonlyMap<string, string>,
  teams: ReadonlyMap<string, TeamConfig>,
  traffic: TrafficModel,
): Incident {
  const first = m.rules[0]!;
  const severity = m.rules.reduce((s, r) => (SEVERITY_RANK[r.severity]! > SEVERITY_RANK[s]! ? r.severity : s), 'info');
  const team = primary.get(first.area) ?? 'unrouted';
  const ack = simulatedAcknowledgement(teams.get(team), m.from, m.to, traffic);
  const impact = m.rules.reduce((sum, r) => sum + (r.businessImpactUsdPerHour ?? 0), 0);
  return {
    id: randomUUID(),
    groupKey,
    title: alertGroupTitle(
      m.rules.map((r) => r.name),
      first.area,
      first.scope?.model,
    ),
    area: first.area,
    severity: severity as Incident['severity'],
    model: first.scope?.model ?? null,
    endpoint: m.rules.every((r) => r.scope?.endpoint === first.scope?.endpoint)
      ? (first.scope?.endpoint ?? null)
      : null,
    team,
    participants: [],
    status: 'resolved',
    openedAt: m.from,
    acknowledgedAt: ack?.at ?? null,
    acknowledgedBy: ack?.by ?? null,
    resolvedAt: m.to,
    resolvedBy: 'system',
    cause: null,
    isFalsePositive: false,
    impactUsdPerHour: impact > 0 ? impact : null,
    isCustomerFacing: m.rules.some(isCustomerFacingRule),
    runbook: first.runbook ?? null,
    links: [],
    ruleIds: m.rules.map((r) => r.id),
    fingerprints: [],
    pagedChannels: [],
    escalation: null,
  };
}

/**
 * The on-call member acknowledges after a log-normal delay (median 3 min from 07:00 to 21:00 shop time, 9 min
 * at night, when the page wakes someone); null when the alerts cleared before that.
 */
function simulatedAcknowledgement(
  team: TeamConfig | undefined,
  openedAt: number,
  resolvedAt: number,
  traffic: TrafficModel,
): { at: number; by: string } | null {
  const shift = team?.rotation ? findOnCall(team.rotation, openedAt) : null;
  const member = team?.members.find((p) => p.id === shift?.memberId) ?? team?.members[0];
  if (!member) return null;
  const { hour } = traffic.localTime(openedAt);
  const median = hour >= 7 && hour < 21 ? 3 : 9;
  const z = inverseNormalCdf(
    Math.min(1 - 1e-9, Math.max(1e-9, unitHash(traffic.options.seed, 909, openedAt / MINUTE_MS, 0))),
  );
  const at = openedAt + Math.round(median * Math.exp(0.5 * z) * MINUTE_MS);
  return at < resolvedAt ? { at, by: member.name } : null;
}

async function writeTimeline(
  alerting: AlertingStore,
  incident: Incident,
  m: { from: number; to: number; rules: AlertRule[] },
): Promise<void> {
  const provenance = {
    demoHistory: true,
    source:
      'rule preview over the demo\u2019s backfilled, simulated traffic; acknowledgement by a simulated on-call member',
  };
  await alerting.addTimeline({
    incidentId: incident.id,
    at: m.from,
    kind: 'fired',
    actor: DEMO_HISTORY_ACTOR,
    message: `${m.rules.map((r) => r.name).join(', ')} fired (demo history: replayed from the rule preview of the simulated traffic)`,
    details: { ...provenance, ruleIds: incident.ruleIds },
  });
  if (incident.acknowledgedAt !== null)
    await alerting.addTimeline({
      incidentId: incident.id,
      at: incident.acknowledgedAt,
      kind: 'acknowledged',
      actor: incident.acknowledgedBy ?? DEMO_HISTORY_ACTOR,
      message: `acknowledged by ${incident.acknowledgedBy} (demo history: a simulated on-call response)`,
      details: provenance,
    });
  await alerting.addTimeline({
    incidentId: incident.id,
    at: m.to,
    kind: 'resolved',
    actor: 'system',
    message: 'all alerts resolved (demo history: the injected incident ended)',
    details: provenance,
  });
}
