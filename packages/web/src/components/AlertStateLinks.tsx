import { incidentName, type ModelAlerts } from '../format/alert-state.js';
import { Link } from '../routing/router.js';

const SHOWN = 2;

/**
 * The incidents and firing alerts of a model as links: each incident to its page, each alert to its rule,
 * the rest to the alerts list. "No alerts" when alerting has nothing on it.
 */
export function AlertStateLinks({ alerts, testId }: { alerts: ModelAlerts; testId: string }) {
  // An alert already inside a listed incident is not listed twice.
  const inIncident = new Set(alerts.incidents.flatMap((i) => i.fingerprints));
  const firing = alerts.firing.filter((a) => !inIncident.has(a.fingerprint));
  const links = [
    ...alerts.incidents.map((i) => ({
      key: i.id,
      href: `/incidents/${encodeURIComponent(i.id)}`,
      text: `${i.status === 'acknowledged' ? 'Acknowledged' : 'Open'} incident: ${incidentName(i)}`,
      severity: i.severity,
    })),
    ...firing.map((a) => ({
      key: a.fingerprint,
      href: `/alerts/rules/${encodeURIComponent(a.ruleId)}`,
      text: `Firing: ${a.labels.alertname ?? a.ruleId}${a.isSilenced ? ' (silenced)' : ''}`,
      severity: a.severity,
    })),
  ];
  if (links.length === 0)
    return (
      <span className="muted small" data-testid={testId}>
        No alerts
      </span>
    );
  return (
    <span className="alert-links" data-testid={testId}>
      {links.slice(0, SHOWN).map((l) => (
        <Link key={l.key} href={l.href} className={`alert-link ${l.severity}`} data-testid="alert-state-link">
          {l.text}
        </Link>
      ))}
      {links.length > SHOWN && (
        <Link href="/incidents?status=open" className="muted small">
          +{links.length - SHOWN} more
        </Link>
      )}
    </span>
  );
}
