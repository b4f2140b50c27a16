import type { EscalationLevel, EscalationPolicy, EscalationState } from '../../storage/index.js';

export type { EscalationLevel, EscalationPolicy, EscalationState };
const MIN = 60_000;
const HOUR = 60 * MIN;

/** The deck's chain: L1 DevOps → L2 Data Science → L3 InfoSec → Executive, 15 minutes to acknowledge at each level. */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = Object.freeze({
  levels: Object.freeze([
    { name: 'L1', team: 'DevOps', ackTimeoutMs: 15 * MIN },
    { name: 'L2', team: 'Data Science', ackTimeoutMs: 15 * MIN },
    { name: 'L3', team: 'InfoSec', ackTimeoutMs: 15 * MIN },
    { name: 'Executive', team: 'Executive', ackTimeoutMs: 0 },
  ]),
  executiveImpactUsd: 10_000,
  reminderAfterMs: 4 * HOUR,
  reminderIntervalMs: 4 * HOUR,
});

export type EscalationReason = 'opened' | 'ack-timeout' | 'business-impact' | 'customer-facing-outage';

export type EscalationAction =
  | { type: 'page'; at: number; level: string; team: string; reason: EscalationReason }
  | { type: 'reminder'; at: number; level: string; team: string; openForMs: number }
  | { type: 'stop'; at: number; reason: 'acknowledged' | 'resolved' };

export interface EscalationStep {
  state: EscalationState;
  actions: EscalationAction[];
}

export interface OpenEscalationInput {
  incidentId: string;
  openedAt: number;
  /** Level to start at (by name); default the first. See {@link findStartLevel}. */
  startLevel?: string;
  /** Estimated business impact while open, USD per hour (the rule's `businessImpactUsdPerHour`). */
  impactUsdPerHour?: number;
  /** A customer-facing endpoint is down: straight to Executive. */
  isCustomerFacingOutage?: boolean;
}

/**
 * Opens an escalation: pages the start level, or the last (Executive) level at once when a customer-facing
 * endpoint is down or the estimated impact of the first hour already exceeds `executiveImpactUsd`.
 * @example
 * let { state, actions } = openEscalation({ incidentId: 'inc-1', openedAt: now, impactUsdPerHour: 2000 });
 * ({ state, actions } = tickEscalation(state, later));
 */
export function openEscalation(
  input: OpenEscalationInput,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): EscalationStep {
  const last = policy.levels.length - 1;
  if (last < 0) throw new RangeError('an escalation policy needs at least one level');
  let levelIndex = input.startLevel === undefined ? 0 : policy.levels.findIndex((l) => l.name === input.startLevel);
  if (levelIndex < 0) throw new RangeError(`unknown escalation level "${input.startLevel}"`);
  const impactUsdPerHour = input.impactUsdPerHour ?? 0;
  let reason: EscalationReason = 'opened';
  if (input.isCustomerFacingOutage) reason = 'customer-facing-outage';
  else if (impactUsdPerHour > policy.executiveImpactUsd) reason = 'business-impact';
  const actions: EscalationAction[] = [];
  const page = (i: number, why: EscalationReason) =>
    actions.push({
      type: 'page',
      at: input.openedAt,
      level: policy.levels[i].name,
      team: policy.levels[i].team,
      reason: why,
    });
  if (reason !== 'opened' && levelIndex !== last) {
    page(levelIndex, 'opened');
    levelIndex = last;
  }
  page(levelIndex, reason);
  return {
    state: {
      incidentId: input.incidentId,
      status: 'open',
      levelIndex,
      levelSince: input.openedAt,
      openedAt: input.openedAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      nextReminderAt: null,
      impactUsdPerHour,
      isExecutiveNotified: levelIndex === last,
    },
    actions,
  };
}

/**
 * Advances time to `now`: pages the next level for every acknowledgement timeout that elapsed (at its exact
 * due time), notifies Executive when accumulated impact passes the threshold (even if acknowledged: that is
 * business information, not a missed page), and sends reminders for acknowledged incidents left open.
 */
export function tickEscalation(
  state: EscalationState,
  now: number,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): EscalationStep {
  const s = { ...state };
  const actions: EscalationAction[] = [];
  const last = policy.levels.length - 1;
  if (s.status === 'resolved') return { state: s, actions };
  // The stored policy may have lost levels since the incident opened: it stays on the new last level.
  if (s.levelIndex > last) s.levelIndex = last;
  for (;;) {
    const due = nextDue(s, policy);
    if (!due || due.at > now) break;
    if (due.kind === 'timeout') {
      s.levelIndex += 1;
      s.levelSince = due.at;
      const level = policy.levels[s.levelIndex];
      actions.push({ type: 'page', at: due.at, level: level.name, team: level.team, reason: 'ack-timeout' });
      if (s.levelIndex === last) s.isExecutiveNotified = true;
    } else if (due.kind === 'impact') {
      s.isExecutiveNotified = true;
      const level = policy.levels[last];
      actions.push({ type: 'page', at: due.at, level: level.name, team: level.team, reason: 'business-impact' });
      if (s.status === 'open') {
        s.levelIndex = last;
        s.levelSince = due.at;
      }
    } else {
      const level = policy.levels[s.levelIndex];
      actions.push({
        type: 'reminder',
        at: due.at,
        level: level.name,
        team: level.team,
        openForMs: due.at - s.openedAt,
      });
      s.nextReminderAt = due.at + policy.reminderIntervalMs;
    }
  }
  return { state: s, actions };
}

/** Acknowledges: escalation stops; reminders start `reminderAfterMs` later. Idempotent. */
export function acknowledgeEscalation(
  state: EscalationState,
  at: number,
  by: string,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): EscalationStep {
  const caught = tickEscalation(state, at, policy);
  if (caught.state.status !== 'open') return caught;
  return {
    state: {
      ...caught.state,
      status: 'acknowledged',
      acknowledgedAt: at,
      acknowledgedBy: by,
      nextReminderAt: at + policy.reminderAfterMs,
    },
    actions: [...caught.actions, { type: 'stop', at, reason: 'acknowledged' }],
  };
}

/** Resolves: nothing further happens. Idempotent. */
export function resolveEscalation(
  state: EscalationState,
  at: number,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): EscalationStep {
  const caught = tickEscalation(state, at, policy);
  if (caught.state.status === 'resolved') return caught;
  return {
    state: { ...caught.state, status: 'resolved', resolvedAt: at, nextReminderAt: null },
    actions: [...caught.actions, { type: 'stop', at, reason: 'resolved' }],
  };
}

/** When {@link tickEscalation} next has something to do, or null. Schedule a timer for it. */
export function nextEscalationAt(
  state: EscalationState,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): number | null {
  return nextDue(state, policy)?.at ?? null;
}

/**
 * The level whose team is the area's PRIMARY team (DevOps → L1, Data Science → L2, InfoSec → L3), or the
 * first level when that team is not on the chain (Business for Cost Monitoring).
 * @example findStartLevel('InfoSec') // 'L3'
 */
export function findStartLevel(primaryTeam: string, policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): string {
  return (policy.levels.find((l) => l.team === primaryTeam) ?? policy.levels[0]).name;
}

/**
 * Estimated impact so far: rate × max(1 h, time open). The first hour counts in full, so a rate above the
 * threshold reaches Executive on open.
 */
export function estimateImpactUsd(impactUsdPerHour: number, openedAt: number, now: number): number {
  return (impactUsdPerHour * Math.max(HOUR, now - openedAt)) / HOUR;
}

function nextDue(
  s: EscalationState,
  policy: EscalationPolicy,
): { kind: 'timeout' | 'impact' | 'reminder'; at: number } | null {
  if (s.status === 'resolved') return null;
  const candidates: { kind: 'timeout' | 'impact' | 'reminder'; at: number }[] = [];
  const last = policy.levels.length - 1;
  if (s.status === 'open' && s.levelIndex < last)
    candidates.push({ kind: 'timeout', at: s.levelSince + policy.levels[s.levelIndex].ackTimeoutMs });
  if (!s.isExecutiveNotified && s.impactUsdPerHour > 0) {
    // first ms at which rate × elapsed > threshold
    candidates.push({
      kind: 'impact',
      at: s.openedAt + Math.floor((policy.executiveImpactUsd * HOUR) / s.impactUsdPerHour) + 1,
    });
  }
  if (s.status === 'acknowledged' && s.nextReminderAt !== null)
    candidates.push({ kind: 'reminder', at: s.nextReminderAt });
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0] ?? null;
}
