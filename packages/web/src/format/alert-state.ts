import type { AlertView, Incident } from '@vigil/protocol';

/** What alerting says about one model (or one of its endpoints) right now. */
export interface ModelAlerts {
  /** Open and acknowledged incidents, most severe first. */
  incidents: Incident[];
  /** Firing alerts (silenced ones included: they still fire), most severe first. */
  firing: AlertView[];
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];
const bySeverity = (a: { severity: string }, b: { severity: string }) =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);

/**
 * The incidents and firing alerts of a model, from `GET /api/v1/alerts?state=firing` and the open/acknowledged
 * incidents. With `endpoint`, only those about that endpoint or about the whole model.
 * @example alertsOf('fraud-v3', alerts, incidents).incidents.length
 */
export function alertsOf(
  model: string,
  alerts: readonly AlertView[],
  incidents: readonly Incident[],
  endpoint?: string,
): ModelAlerts {
  const endpointMatches = (e: string | null | undefined) => endpoint === undefined || !e || e === endpoint;
  return {
    incidents: incidents
      .filter((i) => i.status !== 'resolved' && i.model === model && endpointMatches(i.endpoint))
      .sort(bySeverity),
    firing: alerts
      .filter((a) => a.state === 'firing' && a.labels.model === model && endpointMatches(a.labels.endpoint))
      .sort(bySeverity),
  };
}

/** Why alerting overrides the numbers' status: an open incident or a critical alert firing; null otherwise. */
export function describeAlerting(a: ModelAlerts): { isAlerting: boolean; reason: string } | null {
  const incident = a.incidents[0];
  if (incident) return { isAlerting: true, reason: `${incident.status} incident: ${incident.title}` };
  const alert = a.firing[0];
  if (!alert) return null;
  const name = alert.labels.alertname ?? alert.ruleId;
  return {
    isAlerting: alert.severity === 'critical',
    reason: `${alert.severity} alert firing: ${name}${alert.isSilenced ? ' (silenced)' : ''}`,
  };
}

/**
 * An incident's title without the scope it ends with (" · <area> · <model>", as Vigil titles incidents), for the
 * places that show the area and model beside it: the incident list, a model's page and its marks.
 * @example incidentName({ title: 'p95 slow · API Performance · m', area: 'API Performance', model: 'm' }) // 'p95 slow'
 */
export function incidentName(i: Pick<Incident, 'title' | 'area' | 'model'>): string {
  const scope = ` · ${[i.area, i.model].filter(Boolean).join(' · ')}`;
  return i.title.endsWith(scope) && i.title.length > scope.length ? i.title.slice(0, -scope.length) : i.title;
}
