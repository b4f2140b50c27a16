import { randomUUID } from 'node:crypto';
import type { Notification } from '../../alerting/channels/alert-notification.js';
import type { IncidentRecord } from '../escalation/incident-metrics.js';
import { buildDailyDigest, type DigestContent } from '../digest/daily-digest.js';
import {
  lastDigestDueAt,
  localDate,
  nextDigestDueAt,
  type DigestSchedule,
} from '../../alerting/routing/digest-schedule.js';
import type { Team } from '../../alerting/routing/team-directory.js';
import { SEVERITIES } from '../../alerting/rules/rule-schema.js';
import type { AlertingStore, Incident } from '../../storage/contracts/alerting-store.js';
import type { DeliveryDispatcher } from '../../alerting/service/delivery-dispatcher.js';
import type { RoundJob, RoutingContext } from '../../alerting/service/alert-rounds.js';
import { resolveExternalUrl, type ExternalUrl } from './incident-manager.js';

export const DEFAULT_DIGEST_HOUR_UTC = 8;
const DAY_MS = 86_400_000;
// Incidents opened this long before the period and resolved inside it are still listed; open ones always are.
const RESOLVED_LOOKBACK_MS = 30 * DAY_MS;
const MAX_INCIDENTS = 10_000;

/**
 * The key a day's digest deliveries are recorded under (`DeliveryRecord.incidentId`): the date the digest fell
 * due in the team's time zone. One indexed lookup tells which (team, channel) pairs already got it, across
 * restarts.
 * @example digestDeliveryKey(Date.UTC(2026, 10, 20, 8), 'UTC') // 'digest:2026-11-20'
 */
export function digestDeliveryKey(dueAt: number, timeZone = 'UTC'): string {
  return `digest:${localDate(dueAt, timeZone)}`;
}

/**
 * The daily INFORMED/REVIEW digest. Each team has its own time of day and time zone (`Team.digest`, else the
 * job's default, 08:00 UTC): when it falls due, the team gets, on each of its `digest` channels, the incidents
 * open at any moment since its previous digest time (areas where it is INFORMED or REVIEW), if there are any.
 * Each delivery is recorded; a (team, channel) pair already recorded for that day is not sent again, so a
 * restart or a second round the same day sends nothing. Time comes from the caller (the scheduler's clock).
 * @example
 * const job = new DailyDigestJob(store, dispatcher, { hourUtc: 8 });
 * await job.runIfDue(now, await scheduler.loadRouting());   // every round; at most once a day per team
 * job.nextDueAt(now);                                        // the scheduler's timer wakes for it
 */
export class DailyDigestJob implements RoundJob {
  readonly defaultSchedule: DigestSchedule;
  // Per team: the day key last handled, and its schedule as last seen (nextDueAt reads them between rounds).
  readonly #done = new Map<string, string>();
  #schedules: DigestSchedule[] = [];

  constructor(
    private readonly store: AlertingStore,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly options: { hourUtc?: number; externalUrl?: ExternalUrl } = {},
  ) {
    const hourUtc = options.hourUtc ?? DEFAULT_DIGEST_HOUR_UTC;
    if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23)
      throw new RangeError(`digest hour must be an integer 0..23 (UTC), got ${hourUtc}`);
    this.defaultSchedule = { time: `${String(hourUtc).padStart(2, '0')}:00`, timeZone: 'UTC' };
  }

  /** A team's schedule: its own, else the default. */
  scheduleOf(team: Pick<Team, 'digest'>): DigestSchedule {
    return team.digest ?? this.defaultSchedule;
  }

  /** When the next digest of any team falls due after `now` (the scheduler's timer wakes for it). */
  nextDueAt(now: number): number {
    return Math.min(...[this.defaultSchedule, ...this.#schedules].map((s) => nextDigestDueAt(now, s)));
  }

  /** Sends every team's digest due at or before `now` unless it went out already. Returns the deliveries made. */
  async runIfDue(now: number, routing: RoutingContext): Promise<number> {
    const teams = [...routing.teams.values()];
    this.#schedules = teams.filter((t) => t.digest).map((t) => t.digest!);
    const incidentsByPeriod = new Map<string, IncidentRecord[]>();
    const sentByKey = new Map<string, Set<string>>();
    let deliveries = 0;
    for (const team of teams) {
      const schedule = this.scheduleOf(team);
      const dueAt = lastDigestDueAt(now, schedule);
      const key = digestDeliveryKey(dueAt, schedule.timeZone);
      if (this.#done.get(team.name) === key || team.channels.digest.length === 0) continue;
      let sent = sentByKey.get(key);
      if (!sent) {
        const rows = await this.store.listDeliveries({ incidentId: key, limit: MAX_INCIDENTS });
        sentByKey.set(key, (sent = new Set(rows.map((d) => `${d.team}\u0000${d.channelId}`))));
      }
      const targets = team.channels.digest.filter((id) => !sent.has(`${team.name}\u0000${id}`));
      // The period runs from the previous digest time: 23 or 25 hours across a daylight-saving change.
      const from = lastDigestDueAt(dueAt - 1, schedule);
      let incidents = incidentsByPeriod.get(`${from}:${dueAt}`);
      if (!incidents) {
        const url = resolveExternalUrl(this.options.externalUrl);
        incidents = (await this.#listIncidents(from, dueAt)).map((i) => toIncidentRecord(i, url));
        incidentsByPeriod.set(`${from}:${dueAt}`, incidents);
      }
      const digest = buildDailyDigest(team.name, incidents, routing.matrix, from, dueAt, schedule.timeZone);
      if (targets.length > 0 && digest.entries.length > 0) {
        const notification = this.#notificationOf(digest, dueAt, key);
        for (const channelId of targets) {
          await this.dispatcher.deliver(notification, { channelId, team: team.name, purpose: 'digest' }, key);
          deliveries++;
        }
      }
      this.#done.set(team.name, key);
    }
    return deliveries;
  }

  // Open and acknowledged incidents whenever they opened, plus every incident opened in the lookback.
  async #listIncidents(from: number, to: number): Promise<Incident[]> {
    const lists = await Promise.all([
      this.store.listIncidents({ from: from - RESOLVED_LOOKBACK_MS, to, limit: MAX_INCIDENTS }),
      this.store.listIncidents({ status: 'open', to, limit: MAX_INCIDENTS }),
      this.store.listIncidents({ status: 'acknowledged', to, limit: MAX_INCIDENTS }),
    ]);
    return [...new Map(lists.flat().map((i) => [i.id, i])).values()];
  }

  #notificationOf(d: DigestContent, at: number, key: string): Notification {
    const worst = d.entries
      .map((e) => e.incident.severity)
      .sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b))[0]!;
    return {
      id: randomUUID(),
      kind: 'digest',
      groupKey: `${key}:${d.team}`,
      receiver: d.team,
      status: 'firing',
      title: d.subject,
      summary: d.text.split('\n')[1] ?? d.subject,
      severity: worst,
      area: d.entries[0]!.incident.area,
      groupLabels: { team: d.team },
      commonLabels: { team: d.team },
      commonAnnotations: {},
      alerts: [],
      body: { text: d.text, html: d.html },
      ...(resolveExternalUrl(this.options.externalUrl) && {
        externalUrl: resolveExternalUrl(this.options.externalUrl),
      }),
      at,
    };
  }
}

function toIncidentRecord(i: Incident, externalUrl: string | undefined): IncidentRecord {
  return {
    id: i.id,
    title: i.title,
    area: i.area,
    team: i.team,
    model: i.model,
    severity: i.severity,
    openedAt: i.openedAt,
    acknowledgedAt: i.acknowledgedAt,
    resolvedAt: i.resolvedAt,
    isFalsePositive: i.isFalsePositive,
    businessImpactUsd: i.impactUsdPerHour,
    ...(externalUrl && { url: `${externalUrl}/incidents/${i.id}` }),
  };
}
