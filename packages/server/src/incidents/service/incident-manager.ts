import { randomUUID } from 'node:crypto';
import {
  buildNotification,
  isCustomerFacingRule,
  SEVERITIES,
  type AlertGroupHandler,
  type AlertGroupNotification,
  type AlertLookup,
  type AlertRule,
  type DeliveryDispatcher,
  type Notification,
  type NotificationKind,
  type RoutingContext,
  type Severity,
} from '../../alerting/index.js';
import type { AlertingStore, Incident } from '../../storage/index.js';
import {
  DEFAULT_ESCALATION_POLICY,
  acknowledgeEscalation,
  findStartLevel,
  nextEscalationAt,
  openEscalation,
  resolveEscalation,
  tickEscalation,
  type EscalationAction,
  type EscalationPolicy,
} from '../escalation/escalation-machine.js';
import { IncidentDeliveries, safeRoute } from './incident-deliveries.js';
import {
  chartLinks,
  incidentExtras,
  renderIncidentNotification,
  resolveExternalUrl,
  type ExternalUrl,
} from './incident-notifications.js';

export { resolveExternalUrl, type ExternalUrl } from './incident-notifications.js';

export interface IncidentManagerOptions {
  now: () => number;
  /** Base URL of the dashboard for links; a function when only known once the server listens. */
  externalUrl?: ExternalUrl;
  /** The policy while none is stored (PUT /api/v1/escalation-policy stores one). Default DEFAULT_ESCALATION_POLICY. */
  policy?: EscalationPolicy;
}

const SYSTEM = 'system';

/**
 * Incidents from alert groups: a group's first firing notification opens an incident (or joins the open one
 * of the same group key), routes it by the RACI matrix, starts its escalation. The evaluation at which the
 * last of its alerts resolves resolves it ({@link resolveRecovered}) and tells its channels at once, whatever
 * the grouping's timers. Humans acknowledge, comment and resolve (cause, false positive) through the API.
 * Every notification describes the incident's alerts as the latest evaluation saw them.
 * Every step lands in the incident's timeline; every delivery in the deliveries table.
 */
export class IncidentManager implements AlertGroupHandler {
  readonly #defaultPolicy: EscalationPolicy;
  // Last notification per group key, to render escalations, acknowledgements and resolves of the incident.
  readonly #lastNotification = new Map<string, Notification>();
  readonly #deliveries: IncidentDeliveries;

  constructor(
    private readonly store: AlertingStore,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly options: IncidentManagerOptions,
  ) {
    this.#defaultPolicy = options.policy ?? DEFAULT_ESCALATION_POLICY;
    this.#deliveries = new IncidentDeliveries(store, dispatcher);
  }

  /**
   * The escalation policy in force: the stored one, else the default. Read at every step (one small row), so
   * an edit applies to open incidents from their next step on.
   * @example const { policy, isStored } = await incidents.readEscalationPolicy();
   */
  async readEscalationPolicy(): Promise<{ policy: EscalationPolicy; isStored: boolean }> {
    const stored = await this.store.getEscalationPolicy();
    return { policy: stored ?? this.#defaultPolicy, isStored: stored !== null };
  }

  #render(incident: Incident, kind: NotificationKind, at: number, lookup: AlertLookup): Notification {
    const last = this.#lastNotification.get(incident.groupKey);
    return renderIncidentNotification(incident, kind, at, lookup, last, this.#externalUrl());
  }

  #externalUrl(): string | undefined {
    return resolveExternalUrl(this.options.externalUrl);
  }

  /** Whether the incident's deliveries were recorded (its timeline has a "notified" entry). */
  async #wasAnnounced(incident: Incident): Promise<boolean> {
    return (await this.store.listTimeline(incident.id)).some((e) => e.kind === 'notified');
  }

  async #policy(): Promise<EscalationPolicy> {
    return (await this.readEscalationPolicy()).policy;
  }

  /** Handles one group flush: open/join or resolve the incident, deliver to the routed channels. */
  async handleGroup(
    group: AlertGroupNotification,
    now: number,
    routing: RoutingContext,
    lookup: AlertLookup,
  ): Promise<Incident | null> {
    let incident = await this.store.findActiveIncident(group.groupKey);
    const notification = buildNotification(group, { id: randomUUID(), externalUrl: this.#externalUrl() });
    if (group.status === 'resolved') {
      // Normally resolved already, at the evaluation its last alert cleared (resolveRecovered), or by a human.
      if (!incident) return null;
      await this.#resolveByAlerts(incident, now, routing, lookup);
      return incident;
    }
    let event: 'open' | 'update' = 'update';
    if (!incident) {
      incident = await this.#open(group, notification, now, routing, lookup);
      event = 'open';
    } else {
      // The grouper's memory is not persisted: after a restart an already announced group flushes as "new".
      // Its incident knows every firing alert, so nothing changed for the responders: stay quiet.
      const isReannounced =
        group.reason === 'new' &&
        group.alerts.every((a) => a.status !== 'firing' || incident!.fingerprints.includes(a.fingerprint));
      if (isReannounced) {
        // Unless its opening page never completed: the node that opened it died mid-delivery (or before it),
        // and the node that took over sends it now. PagerDuty's dedup key is the group key, so a trigger that
        // did reach PagerDuty before the crash is merged into the same incident there, not paged twice.
        if (await this.#wasAnnounced(incident)) return incident;
        event = 'open';
      } else {
        await this.#join(incident, group, lookup);
      }
    }
    const n = { ...notification, ...incidentExtras(incident, this.#externalUrl()) };
    this.#lastNotification.set(group.groupKey, n);
    await this.#deliveries.deliverRouted(incident, n, event, now, routing);
    if (event === 'open' && incident.escalation) {
      // openEscalation's first page is the PRIMARY page just sent; later pages (Executive) go out now.
      const policy = await this.#policy();
      const { actions } = openEscalation(this.#escalationInput(incident, policy), policy);
      for (const a of actions.slice(1)) await this.#act(incident, a, routing, lookup);
    }
    await this.store.updateIncident(incident);
    return incident;
  }

  /**
   * Resolves every open or acknowledged incident none of whose alerts fires any more, at the time its last
   * alert resolved (the evaluation that saw it clear), and sends the resolve to its routed and paged channels
   * now rather than at the group's next flush. Returns the group keys of the incidents resolved, whose
   * grouper entries the scheduler then settles. Incidents that never had an alert (made by hand) are left alone.
   * @example for (const key of await incidents.resolveRecovered(now, routing, lookup)) grouper.settle(key);
   */
  async resolveRecovered(now: number, routing: RoutingContext, lookup: AlertLookup): Promise<string[]> {
    const resolved: string[] = [];
    for (const status of ['open', 'acknowledged'] as const) {
      for (const incident of await this.store.listIncidents({ status, limit: 10_000 })) {
        if (incident.fingerprints.length === 0 || isAnyFiring(incident, lookup)) continue;
        await this.#resolveByAlerts(incident, now, routing, lookup);
        resolved.push(incident.groupKey);
      }
    }
    return resolved;
  }

  async #resolveByAlerts(incident: Incident, now: number, routing: RoutingContext, lookup: AlertLookup) {
    // The alerts' own resolution times; an alert the tracker no longer holds counts as resolved now.
    const at = Math.min(
      now,
      Math.max(incident.openedAt, ...incident.fingerprints.map((f) => lookup.alert(f)?.resolvedAt ?? now)),
    );
    const resolution = { by: SYSTEM, cause: null, isFalsePositive: false };
    const n = { ...this.#render(incident, 'resolved', at, lookup), resolution };
    await this.#deliveries.deliverRouted(incident, n, 'resolve', now, routing);
    await this.#resolve(incident, at, SYSTEM, 'all alerts of the incident resolved');
  }

  /**
   * Pages the next level for every acknowledgement timeout due, sends reminders and impact escalations — for
   * incidents with an alert still firing only (one whose alerts all cleared is resolved at that evaluation).
   */
  async tickEscalations(now: number, routing: RoutingContext, lookup: AlertLookup): Promise<number> {
    let acted = 0;
    const policy = await this.#policy();
    for (const status of ['open', 'acknowledged'] as const) {
      for (const incident of await this.store.listIncidents({ status, limit: 10_000 })) {
        if (!incident.escalation) continue;
        if (incident.fingerprints.length > 0 && !isAnyFiring(incident, lookup)) continue;
        const due = nextEscalationAt(incident.escalation, policy);
        if (due === null || due > now) continue;
        const step = tickEscalation(incident.escalation, now, policy);
        incident.escalation = step.state;
        for (const a of step.actions) await this.#act(incident, a, routing, lookup);
        await this.store.updateIncident(incident);
        acted += step.actions.length;
      }
    }
    return acted;
  }

  /** When the next escalation step of any open incident is due, or null. */
  async nextEscalationDue(lookup: AlertLookup): Promise<number | null> {
    let next: number | null = null;
    const policy = await this.#policy();
    for (const status of ['open', 'acknowledged'] as const) {
      for (const i of await this.store.listIncidents({ status, limit: 10_000 })) {
        if (i.fingerprints.length > 0 && !isAnyFiring(i, lookup)) continue; // tickEscalations skips it too
        const at = i.escalation ? nextEscalationAt(i.escalation, policy) : null;
        if (at !== null && (next === null || at < next)) next = at;
      }
    }
    return next;
  }

  async acknowledge(incident: Incident, by: string, now: number, lookup: AlertLookup): Promise<Incident> {
    if (incident.status !== 'open') return incident;
    if (incident.escalation)
      incident.escalation = acknowledgeEscalation(incident.escalation, now, by, await this.#policy()).state;
    incident.status = 'acknowledged';
    incident.acknowledgedAt = now;
    incident.acknowledgedBy = by;
    await this.store.updateIncident(incident);
    await this.store.addTimeline({
      incidentId: incident.id,
      at: now,
      kind: 'acknowledged',
      actor: by,
      message: `acknowledged by ${by}`,
      details: null,
    });
    const n = { ...this.#render(incident, 'acknowledged', now, lookup), acknowledgedBy: by };
    await this.#deliveries.deliverTo(
      incident,
      n,
      incident.pagedChannels.map((c) => ({ channelId: c, team: null, purpose: 'acknowledge' })),
      now,
    );
    return incident;
  }

  /** A human resolves (or, when already resolved by its alerts, records the cause and false-positive verdict). */
  async resolveByHuman(
    incident: Incident,
    input: { by: string; cause: string; isFalsePositive: boolean },
    now: number,
    routing: RoutingContext,
    lookup: AlertLookup,
  ): Promise<Incident> {
    incident.cause = input.cause;
    incident.isFalsePositive = input.isFalsePositive;
    if (incident.status === 'resolved') {
      await this.store.updateIncident(incident);
      await this.store.addTimeline({
        incidentId: incident.id,
        at: now,
        kind: 'comment',
        actor: input.by,
        message: `cause recorded: ${input.cause}`,
        details: { isFalsePositive: input.isFalsePositive },
      });
      return incident;
    }
    const resolution = { by: input.by, cause: input.cause, isFalsePositive: input.isFalsePositive };
    const n = { ...this.#render(incident, 'resolved', now, lookup), resolution };
    await this.#deliveries.deliverRouted(incident, n, 'resolve', now, routing);
    await this.#resolve(incident, now, input.by, input.cause);
    return incident;
  }

  async comment(incident: Incident, by: string, text: string, now: number) {
    return this.store.addTimeline({
      incidentId: incident.id,
      at: now,
      kind: 'comment',
      actor: by,
      message: text,
      details: null,
    });
  }

  async #open(
    group: AlertGroupNotification,
    n: Notification,
    now: number,
    routing: RoutingContext,
    lookup: AlertLookup,
  ): Promise<Incident> {
    const firing = group.alerts.filter((a) => a.status === 'firing');
    const instances = firing.map((a) => lookup.alert(a.fingerprint));
    const rules = [...new Set(firing.map((a) => a.labels.rule_id))]
      .map((id) => lookup.rule(id))
      .filter((r): r is AlertRule => r !== undefined);
    // openedAt is the firing time of the group's first alert (docs/alerting.md), not the flush after group_wait.
    const openedAt = Math.min(now, ...instances.map((a) => a?.firedAt ?? now));
    const plan = safeRoute(n, routing, now);
    const impact = rules.reduce((sum, r) => sum + (r.businessImpactUsdPerHour ?? 0), 0);
    const model = group.groupLabels.model ?? null;
    const endpoint = n.commonLabels.endpoint ?? null;
    const incident: Incident = {
      id: randomUUID(),
      groupKey: group.groupKey,
      title: n.title.replace(/^\[[A-Z:0-9]+\]\s*/, ''),
      area: n.area,
      severity: n.severity,
      model,
      endpoint,
      team: plan?.primary.team ?? 'unrouted',
      participants: plan?.participants.map((p) => p.team) ?? [],
      status: 'open',
      openedAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      cause: null,
      isFalsePositive: false,
      impactUsdPerHour: impact > 0 ? impact : null,
      isCustomerFacing: rules.some(isCustomerFacingRule),
      runbook: n.runbook ?? null,
      links: chartLinks(model, endpoint, openedAt, n.runbook),
      ruleIds: rules.map((r) => r.id),
      fingerprints: firing.map((a) => a.fingerprint),
      pagedChannels: [],
      escalation: null,
    };
    const policy = await this.#policy();
    incident.escalation = openEscalation(this.#escalationInput(incident, policy), policy).state;
    await this.store.createIncident(incident);
    for (const a of firing) {
      const inst = lookup.alert(a.fingerprint);
      await this.store.addTimeline({
        incidentId: incident.id,
        at: inst?.firedAt ?? a.startsAt,
        kind: 'fired',
        actor: SYSTEM,
        message: `${a.labels.alertname ?? a.fingerprint} fired: ${a.annotations.summary ?? ''} (value ${a.annotations.value ?? 'n/a'})`,
        details: { fingerprint: a.fingerprint, ruleId: a.labels.rule_id, value: inst?.value ?? null, labels: a.labels },
      });
    }
    return incident;
  }

  async #join(incident: Incident, group: AlertGroupNotification, lookup: AlertLookup): Promise<void> {
    for (const a of group.alerts) {
      if (a.status !== 'firing' || incident.fingerprints.includes(a.fingerprint)) continue;
      incident.fingerprints.push(a.fingerprint);
      const rule = lookup.rule(a.labels.rule_id);
      if (rule && !incident.ruleIds.includes(rule.id)) {
        incident.ruleIds.push(rule.id);
        if (rule.businessImpactUsdPerHour)
          incident.impactUsdPerHour = (incident.impactUsdPerHour ?? 0) + rule.businessImpactUsdPerHour;
      }
      const sev = a.labels.severity as Severity;
      if (SEVERITIES.indexOf(sev) >= 0 && SEVERITIES.indexOf(sev) < SEVERITIES.indexOf(incident.severity))
        incident.severity = sev;
      await this.store.addTimeline({
        incidentId: incident.id,
        at: lookup.alert(a.fingerprint)?.firedAt ?? a.startsAt,
        kind: 'fired',
        actor: SYSTEM,
        message: `${a.labels.alertname ?? a.fingerprint} joined: ${a.annotations.summary ?? ''} (value ${a.annotations.value ?? 'n/a'})`,
        details: { fingerprint: a.fingerprint, ruleId: a.labels.rule_id, labels: a.labels },
      });
    }
  }

  async #resolve(incident: Incident, now: number, by: string, why: string): Promise<void> {
    if (incident.escalation)
      incident.escalation = resolveEscalation(incident.escalation, now, await this.#policy()).state;
    incident.status = 'resolved';
    incident.resolvedAt = now;
    incident.resolvedBy = by;
    await this.store.updateIncident(incident);
    await this.store.addTimeline({
      incidentId: incident.id,
      at: now,
      kind: 'resolved',
      actor: by,
      message: `resolved: ${why}`,
      details: { cause: incident.cause, isFalsePositive: incident.isFalsePositive },
    });
    this.#lastNotification.delete(incident.groupKey);
  }

  async #act(incident: Incident, a: EscalationAction, routing: RoutingContext, lookup: AlertLookup): Promise<void> {
    if (a.type === 'stop') return;
    const team = routing.teams.get(a.team);
    const channels = team ? (team.channels.page.length ? team.channels.page : team.channels.notify) : [];
    const kind: NotificationKind = a.type === 'reminder' ? 'reminder' : 'escalated';
    const reason = a.type === 'page' ? a.reason : `open for ${Math.round(a.openForMs / 60_000)} min`;
    await this.store.addTimeline({
      incidentId: incident.id,
      at: a.at,
      kind: a.type === 'page' ? 'escalated' : 'reminder',
      actor: SYSTEM,
      message: `${a.type === 'page' ? 'escalated to' : 'reminder to'} ${a.level} ${a.team} (${reason})${channels.length ? '' : ': the team has no channels configured'}`,
      details: { level: a.level, team: a.team, reason },
    });
    const n = {
      ...this.#render(incident, kind, a.at, lookup),
      escalation: { level: a.level, team: a.team, reason },
    };
    await this.#deliveries.deliverTo(
      incident,
      n,
      channels.map((c) => ({ channelId: c, team: a.team, purpose: a.type === 'page' ? 'escalation' : 'reminder' })),
      a.at,
    );
  }

  #escalationInput(incident: Incident, policy: EscalationPolicy) {
    return {
      incidentId: incident.id,
      openedAt: incident.openedAt,
      startLevel: findStartLevel(incident.team, policy),
      impactUsdPerHour: incident.impactUsdPerHour ?? 0,
      isCustomerFacingOutage: incident.isCustomerFacing,
    };
  }
}

function isAnyFiring(incident: Incident, lookup: AlertLookup): boolean {
  return incident.fingerprints.some((f) => lookup.alert(f)?.state === 'firing');
}
