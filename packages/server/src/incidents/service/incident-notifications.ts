import { randomUUID } from 'node:crypto';
import {
  buildNotification,
  describeGroup,
  isRunbookUrl,
  type AlertInstance,
  type AlertLookup,
  type Notification,
  type NotificationKind,
  type NotifiedAlert,
} from '../../alerting/index.js';
import type { Incident } from '../../storage/index.js';

/**
 * What notifications about an incident say: its alerts as the latest evaluation saw them, its link, its impact,
 * and the chart and runbook links it opens with. Pure.
 */

/** The dashboard's base URL, or a function giving it (the listening address is known only after listen). */
export type ExternalUrl = string | (() => string | undefined);

/** The base URL without a trailing slash, or undefined. */
export function resolveExternalUrl(url: ExternalUrl | undefined): string | undefined {
  const value = typeof url === 'function' ? url() : url;
  return value?.replace(/\/+$/, '') || undefined;
}

/**
 * The incident's alerts as the latest evaluation saw them (state, value, summary), rendered for `kind`; a
 * resolution says RESOLVED whatever the alerts do. An alert the tracker forgot (15 minutes after it resolved)
 * keeps its last notified form; with none left (after a restart) the incident describes itself.
 */
export function renderIncidentNotification(
  incident: Incident,
  kind: NotificationKind,
  at: number,
  lookup: AlertLookup,
  last: Notification | undefined,
  externalUrl: string | undefined,
): Notification {
  const status = kind === 'resolved' ? 'resolved' : 'firing';
  const alerts = incident.fingerprints
    .map((f) => currentAlert(lookup.alert(f), at) ?? last?.alerts.find((a) => a.fingerprint === f))
    .filter((a): a is NotifiedAlert => a !== undefined);
  if (alerts.length > 0) {
    const group = describeGroup(
      {
        groupKey: incident.groupKey,
        receiver: last?.receiver ?? 'vigil',
        groupLabels: last?.groupLabels ?? { area: incident.area, ...(incident.model && { model: incident.model }) },
      },
      alerts,
      at,
      kind === 'resolved' ? 'resolved' : 'repeat',
    );
    const n = buildNotification({ ...group, status }, { id: randomUUID(), kind, externalUrl: externalUrl });
    return { ...n, ...incidentExtras(incident, externalUrl) };
  }
  // After a restart the rendered alerts are gone: describe the incident itself.
  const labels = {
    alertname: incident.title,
    area: incident.area,
    severity: incident.severity,
    ...(incident.model && { model: incident.model }),
    ...(incident.endpoint && { endpoint: incident.endpoint }),
  };
  return {
    id: randomUUID(),
    kind,
    groupKey: incident.groupKey,
    receiver: 'vigil',
    status,
    title: `[${status.toUpperCase()}] ${incident.title}`,
    summary: incident.title,
    severity: incident.severity,
    area: incident.area,
    groupLabels: { area: incident.area, ...(incident.model && { model: incident.model }) },
    commonLabels: labels,
    commonAnnotations: {},
    alerts: [],
    ...(incident.runbook && { runbook: incident.runbook }),
    ...(externalUrl && { externalUrl: externalUrl }),
    at,
    ...incidentExtras(incident, externalUrl),
  };
}

/** The incident's link and business impact, added to every notification about it. */
export function incidentExtras(incident: Incident, externalUrl: string | undefined): Partial<Notification> {
  return {
    ...(externalUrl && {
      incidentUrl: `${externalUrl}/incidents/${encodeURIComponent(incident.id)}`,
    }),
    ...(incident.impactUsdPerHour !== null && { businessImpactUsdPerHour: incident.impactUsdPerHour }),
  };
}

// A pending alert is a new occurrence that has not fired: the one the incident holds has ended.
function currentAlert(a: AlertInstance | undefined, at: number): NotifiedAlert | undefined {
  if (!a) return undefined;
  const isFiring = a.state === 'firing';
  return {
    status: isFiring ? 'firing' : 'resolved',
    fingerprint: a.fingerprint,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.activeAt,
    endsAt: isFiring ? null : (a.resolvedAt ?? at),
  };
}

/** Links an incident opens with: the metrics around its opening, and its runbook when that is a URL. */
export function chartLinks(
  model: string | null,
  endpoint: string | null,
  openedAt: number,
  runbook: string | undefined,
) {
  const q = new URLSearchParams({
    metric: 'calls,errorRate,latency.p95',
    from: String(openedAt - 3_600_000),
    to: String(openedAt + 3_600_000),
  });
  if (model) q.set('model', model);
  if (endpoint) q.set('endpoint', endpoint);
  return [
    { text: 'Metrics around the opening', href: `/api/v1/metrics/timeseries?${q.toString()}` },
    ...(isRunbookUrl(runbook) ? [{ text: 'Runbook', href: runbook }] : []),
  ];
}
