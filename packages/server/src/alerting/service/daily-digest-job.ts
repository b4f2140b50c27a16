import { randomUUID } from 'node:crypto';
import type { Notification } from '../channels/alert-notification.js';
import type { IncidentRecord } from '../escalation/incident-metrics.js';
import { buildDailyDigest, type DigestContent } from '../routing/daily-digest.js';
import { SEVERITIES } from '../rules/rule-schema.js';
import type { AlertingStore, Incident } from './alerting-store.js';
import type { DeliveryDispatcher } from './delivery-dispatcher.js';
import { resolveExternalUrl, type ExternalUrl, type RoutingContext } from './incident-manager.js';

export const DEFAULT_DIGEST_HOUR_UTC = 8;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// Incidents opened this long before the period and resolved inside it are still listed; open ones always are.
const RESOLVED_LOOKBACK_MS = 30 * DAY_MS;
const MAX_INCIDENTS = 10_000;

/**
 * The key a day's digest deliveries are recorded under (`DeliveryRecord.incidentId`): one indexed lookup
 * tells which (team, channel) pairs already got that day's digest, across restarts.
 */
export function digestDeliveryKey(dueAt: number): string {
  return `digest:${new Date(dueAt).toISOString().slice(0, 10)}`;
}

/**
 * The daily INFORMED/REVIEW digest: once a day at `hourUtc`, every team whose digest lists at least one
 * incident of the 24 hours before (areas where it is INFORMED or REVIEW, incidents open at any moment of
 * the period) gets it on each of its `digest` channels. Each delivery is recorded; a (team, channel) pair
 * already recorded for the day is not sent again, so a restart or a second round the same day sends nothing.
 * Time comes from the caller (the scheduler's clock).
 * @example
 * const job = new DailyDigestJob(store, dispatcher, { hourUtc: 8 });
 * await job.runIfDue(now, await scheduler.loadRouting());   // every round; sends at most once a day
 */
export class DailyDigestJob {
  readonly hourUtc: number;
  #doneKey: string | null = null;

  constructor(
    private readonly store: AlertingStore,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly options: { hourUtc?: number; externalUrl?: ExternalUrl } = {},
  ) {
    this.hourUtc = options.hourUtc ?? DEFAULT_DIGEST_HOUR_UTC;
    if (!Number.isInteger(this.hourUtc) || this.hourUtc < 0 || this.hourUtc > 23)
      throw new RangeError(`digest hour must be an integer 0..23 (UTC), got ${this.hourUtc}`);
  }

  /** The latest digest time at or before `now`. */
  lastDueAt(now: number): number {
    const today = Math.floor(now / DAY_MS) * DAY_MS + this.hourUtc * HOUR_MS;
    return today <= now ? today : today - DAY_MS;
  }

  /** When the next digest falls due after `now` (the scheduler's timer wakes for it). */
  nextDueAt(now: number): number {
    return this.lastDueAt(now) + DAY_MS;
  }

  /** Sends the digest due at or before `now` unless it went out already. Returns the deliveries made. */
  async runIfDue(now: number, routing: RoutingContext): Promise<number> {
    const dueAt = this.lastDueAt(now);
    const key = digestDeliveryKey(dueAt);
    if (this.#doneKey === key) return 0;
    const sent = new Set(
      (await this.store.listDeliveries({ incidentId: key, limit: MAX_INCIDENTS })).map(
        (d) => `${d.team}\u0000${d.channelId}`,
      ),
    );
    const incidents = (await this.#listIncidents(dueAt - DAY_MS, dueAt)).map((i) =>
      toIncidentRecord(i, resolveExternalUrl(this.options.externalUrl)),
    );
    let deliveries = 0;
    for (const team of routing.teams.values()) {
      const targets = team.channels.digest.filter((id) => !sent.has(`${team.name}\u0000${id}`));
      if (targets.length === 0) continue;
      const digest = buildDailyDigest(team.name, incidents, routing.matrix, dueAt - DAY_MS, dueAt);
      if (digest.entries.length === 0) continue;
      const notification = this.#notificationOf(digest, dueAt);
      for (const channelId of targets) {
        await this.dispatcher.deliver(notification, { channelId, team: team.name, purpose: 'digest' }, key);
        deliveries++;
      }
    }
    this.#doneKey = key;
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

  #notificationOf(d: DigestContent, at: number): Notification {
    const worst = d.entries
      .map((e) => e.incident.severity)
      .sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b))[0]!;
    return {
      id: randomUUID(),
      kind: 'digest',
      groupKey: `${digestDeliveryKey(at)}:${d.team}`,
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
