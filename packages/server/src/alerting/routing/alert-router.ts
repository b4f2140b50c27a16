import type { MonitoringArea, Severity } from '../rules/rule-schema.js';
import { findOnCall, type OnCallShift } from './on-call-rotation.js';
import { teamsWithRole, type RaciMatrix } from './raci-matrix.js';
import type { Team, TeamMember } from './team-directory.js';

/** Why a channel receives a notification. */
export type DeliveryPurpose = 'page' | 'notify-primary' | 'add-to-incident' | 'notify-accountable';

/** One notification to send: which team, through which channel, why. */
export interface RoutedDelivery {
  team: string;
  channelId: string;
  purpose: DeliveryPurpose;
  /** On-call person when the purpose is a page to a team with a rotation. */
  onCall?: TeamMember;
}

export interface RoutePlan {
  area: MonitoringArea;
  severity: Severity;
  primary: { team: string; onCall: (OnCallShift & { member?: TeamMember }) | null; isPaged: boolean };
  /** SUPPORT and CONSULT teams: added to the incident when it opens. */
  participants: { team: string; role: 'SUPPORT' | 'CONSULT' }[];
  /** ACCOUNTABLE teams: told when the incident opens and when it resolves. */
  accountable: string[];
  /** INFORMED teams: the daily digest only. */
  informed: string[];
  /** REVIEW teams: no live notification; the incident appears in their digest for post-incident review. */
  reviewers: string[];
}

export interface RoutingOptions {
  /** Severities that page the PRIMARY team; others go to its notify channels. Default critical and error. */
  pageSeverities?: readonly Severity[];
}

/**
 * Routes an alert by the RACI matrix at time `now`: who is paged, who joins, who is told, who reads a digest.
 * @example
 * const plan = routeAlert({ area: 'API Performance', severity: 'critical' }, DEFAULT_RACI_MATRIX, teams, now);
 * for (const d of listDeliveries(plan, 'open', teams)) await channels.get(d.channelId)!.send(notification, signal);
 */
export function routeAlert(
  alert: { area: MonitoringArea; severity: Severity },
  matrix: RaciMatrix,
  teams: ReadonlyMap<string, Team>,
  now: number,
  options: RoutingOptions = {},
): RoutePlan {
  const [primaryTeam] = teamsWithRole(matrix, alert.area, 'PRIMARY');
  if (!primaryTeam) throw new RangeError(`the RACI matrix has no PRIMARY team for area "${alert.area}"`);
  const team = teams.get(primaryTeam);
  const shift = team?.rotation ? findOnCall(team.rotation, now) : null;
  const member = shift ? team?.members.find((m) => m.id === shift.memberId) : undefined;
  return {
    area: alert.area,
    severity: alert.severity,
    primary: {
      team: primaryTeam,
      onCall: shift ? { ...shift, ...(member && { member }) } : null,
      isPaged: (options.pageSeverities ?? ['critical', 'error']).includes(alert.severity),
    },
    participants: [
      ...teamsWithRole(matrix, alert.area, 'SUPPORT').map((t) => ({ team: t, role: 'SUPPORT' as const })),
      ...teamsWithRole(matrix, alert.area, 'CONSULT').map((t) => ({ team: t, role: 'CONSULT' as const })),
    ],
    accountable: teamsWithRole(matrix, alert.area, 'ACCOUNTABLE'),
    informed: teamsWithRole(matrix, alert.area, 'INFORMED'),
    reviewers: teamsWithRole(matrix, alert.area, 'REVIEW'),
  };
}

/**
 * The channel deliveries of a routed incident event. `open`: page (or notify) PRIMARY, add SUPPORT/CONSULT,
 * tell ACCOUNTABLE. `update` (new alerts in the group, repeat): PRIMARY and participants. `resolve`: everyone
 * told at open, so PagerDuty incidents close and ACCOUNTABLE hears the end. A channel id appears once per team.
 */
export function listDeliveries(
  plan: RoutePlan,
  event: 'open' | 'update' | 'resolve',
  teams: ReadonlyMap<string, Team>,
): RoutedDelivery[] {
  const out: RoutedDelivery[] = [];
  const seen = new Set<string>();
  const add = (teamName: string, ids: readonly string[] | undefined, purpose: DeliveryPurpose, onCall?: TeamMember) => {
    for (const channelId of ids ?? []) {
      const key = `${teamName}\u0000${channelId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ team: teamName, channelId, purpose, ...(onCall && { onCall }) });
    }
  };
  const primary = teams.get(plan.primary.team);
  if (plan.primary.isPaged) add(plan.primary.team, primary?.channels.page, 'page', plan.primary.onCall?.member);
  add(plan.primary.team, primary?.channels.notify, 'notify-primary');
  for (const p of plan.participants) add(p.team, teams.get(p.team)?.channels.notify, 'add-to-incident');
  if (event !== 'update') for (const a of plan.accountable) add(a, teams.get(a)?.channels.notify, 'notify-accountable');
  return out;
}
