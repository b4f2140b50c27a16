import {
  listDeliveries,
  routeAlert,
  type DeliveryDispatcher,
  type DeliveryTarget,
  type Notification,
  type RoutePlan,
  type RoutingContext,
} from '../../alerting/index.js';
import type { AlertingStore, DeliveryRecord, Incident } from '../../storage/index.js';

const SYSTEM = 'system';

/**
 * Where notifications about an incident go: the channels its route names (RACI), every channel a page reached
 * when it resolves, each delivery recorded and summed up in the timeline.
 */
export class IncidentDeliveries {
  constructor(
    private readonly store: AlertingStore,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  /** Delivers the routed event; a resolve also goes to every channel that was paged (escalation levels too). */
  async deliverRouted(
    incident: Incident,
    n: Notification,
    event: 'open' | 'update' | 'resolve',
    now: number,
    routing: RoutingContext,
  ): Promise<void> {
    const plan = safeRoute(n, routing, now);
    const targets: DeliveryTarget[] = plan
      ? listDeliveries(plan, event, routing.teams).map((d) => ({
          channelId: d.channelId,
          team: d.team,
          purpose: d.purpose,
        }))
      : [];
    if (event === 'resolve') {
      for (const c of incident.pagedChannels)
        if (!targets.some((t) => t.channelId === c)) targets.push({ channelId: c, team: null, purpose: 'resolve' });
    }
    const onCall = plan?.primary.onCall?.member;
    await this.deliverTo(
      incident,
      onCall ? { ...n, onCall: { name: onCall.name, email: onCall.email, slackUserId: onCall.slackUserId } } : n,
      targets,
      now,
    );
  }

  /** Delivers to each target, records every delivery and notes the channels a page went to. */
  async deliverTo(
    incident: Incident,
    n: Notification,
    targets: readonly DeliveryTarget[],
    now: number,
  ): Promise<DeliveryRecord[]> {
    const records: DeliveryRecord[] = [];
    for (const t of targets) {
      const r = await this.dispatcher.deliver(n, t, incident.id);
      records.push(r);
      if (
        r.ok &&
        !r.skipped &&
        n.kind !== 'resolved' &&
        n.kind !== 'acknowledged' &&
        r.channelKind === 'pagerduty' &&
        !incident.pagedChannels.includes(t.channelId)
      ) {
        incident.pagedChannels.push(t.channelId);
      }
    }
    if (records.length) {
      const failed = records.filter((r) => !r.ok).length;
      await this.store.addTimeline({
        incidentId: incident.id,
        at: now,
        kind: 'notified',
        actor: SYSTEM,
        message: `${n.kind}: ${records.length} deliveries${failed ? `, ${failed} failed` : ''}`,
        details: {
          notificationId: n.id,
          kind: n.kind,
          deliveries: records.map((r) => ({
            id: r.id,
            channelId: r.channelId,
            team: r.team,
            purpose: r.purpose,
            ok: r.ok,
            statusCode: r.statusCode,
            error: r.error,
          })),
        },
      });
    }
    return records;
  }
}

/** The route of a notification, or null when the matrix has no PRIMARY for its area. */
export function safeRoute(
  n: Pick<Notification, 'area' | 'severity'>,
  routing: RoutingContext,
  now: number,
): RoutePlan | null {
  try {
    return routeAlert({ area: n.area, severity: n.severity }, routing.matrix, routing.teams, now);
  } catch {
    return null; // a matrix without a PRIMARY for the area: the incident is recorded, nobody is paged
  }
}
