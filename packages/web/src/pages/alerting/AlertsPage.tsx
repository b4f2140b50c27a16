import { Time } from '../../components/Time.js';
import type { AlertList, AlertView, SilenceList } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { formatAlertValue, formatDuration, formatTime } from '../../components/alerting/alerting-format.js';
import { SeverityBadge } from '../../components/alerting/SeverityBadge.js';
import { SilenceTable } from '../../components/alerting/SilenceTable.js';
import { StateView } from '../../components/StateView.js';
import { Link } from '../../routing/router.js';

/** The labels an alert already shows in its own columns; the rest are listed as chips. */
const SHOWN_LABELS = new Set(['alertname', 'rule_id', 'area', 'severity', 'model', 'endpoint']);

/** The new-silence form pre-filled with the alert's name and model (Alertmanager's "Silence" button). */
function silenceHref(a: AlertView): string {
  const q = new URLSearchParams();
  for (const k of ['alertname', 'model']) if (a.labels[k]) q.append('matcher', `${k}=${a.labels[k]}`);
  return `/silences?${q.toString()}`;
}

/** `/alerts`: firing, pending and silenced alerts as the scheduler holds them now, and the silences. */
export function AlertsPage() {
  const alerts = useApi<AlertList>('/api/v1/alerts');
  const silences = useApi<SilenceList>('/api/v1/silences');
  const now = Date.now();
  return (
    <section className="page" data-testid="alerts-page">
      <div className="page-head">
        <h1>Alerts</h1>
        <Link href="/alerts/rules/new" className="chip">
          New rule
        </Link>
      </div>
      <AlertingNav />
      <StateView state={alerts} label="alerts">
        {({ alerts: list }) => {
          const firing = list.filter((a) => a.state === 'firing' && !a.isSilenced);
          const pending = list.filter((a) => a.state === 'pending' && !a.isSilenced);
          const silenced = list.filter((a) => a.state !== 'resolved' && a.isSilenced);
          const resolved = list.filter((a) => a.state === 'resolved');
          return (
            <>
              <AlertSection
                title="Firing"
                testId="alerts-firing"
                alerts={firing}
                now={now}
                empty="Nothing is firing."
              />
              <AlertSection
                title="Pending"
                testId="alerts-pending"
                alerts={pending}
                now={now}
                empty="No alert is waiting out its “for” duration."
              />
              <AlertSection
                title="Silenced"
                testId="alerts-silenced"
                alerts={silenced}
                now={now}
                empty="No firing or pending alert is silenced or in a maintenance window."
              />
              {resolved.length > 0 && (
                <AlertSection title="Recently resolved" testId="alerts-resolved" alerts={resolved} now={now} empty="" />
              )}
            </>
          );
        }}
      </StateView>
      <div className="section-head">
        <h2>Silences</h2>
        <Link href="/silences" className="small">
          Manage silences
        </Link>
      </div>
      <StateView state={silences} label="silences">
        {({ silences: list }) =>
          list.length === 0 ? (
            <p className="state empty">
              No silences. <Link href="/silences">Create one</Link> to mute matching alerts for a while.
            </p>
          ) : (
            <SilenceTable silences={list} now={now} />
          )
        }
      </StateView>
    </section>
  );
}

function AlertSection({
  title,
  testId,
  alerts,
  now,
  empty,
}: {
  title: string;
  testId: string;
  alerts: AlertView[];
  now: number;
  empty: string;
}) {
  return (
    <>
      <div className="section-head">
        <h2>
          {title}{' '}
          <span className="count" data-testid={`${testId}-count`}>
            ({alerts.length})
          </span>
        </h2>
      </div>
      {alerts.length === 0 ? (
        <p className="state empty">{empty}</p>
      ) : (
        <table className="data-table responsive" data-testid={testId}>
          <thead>
            <tr>
              <th>Alert</th>
              <th>Severity</th>
              <th>Area</th>
              <th>Model / endpoint</th>
              <th className="num">Value</th>
              <th>Since</th>
              <th>Labels</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => {
              const since = a.state === 'resolved' ? a.resolvedAt : (a.firedAt ?? a.activeAt);
              const extra = Object.entries(a.labels).filter(([k]) => !SHOWN_LABELS.has(k));
              return (
                <tr key={a.fingerprint} data-testid="alert-row" data-fingerprint={a.fingerprint} data-rule={a.ruleId}>
                  <td data-label="Alert">
                    <Link href={`/alerts/rules/${encodeURIComponent(a.ruleId)}`} className="model-link">
                      {a.labels.alertname ?? a.ruleId}
                    </Link>
                    {a.annotations.summary ? <div className="muted small wrap">{a.annotations.summary}</div> : null}
                    {a.state !== 'resolved' && !a.isSilenced && (
                      <Link href={silenceHref(a)} className="small" data-testid="silence-alert">
                        Silence…
                      </Link>
                    )}
                  </td>
                  <td data-label="Severity">
                    <SeverityBadge value={a.severity} />
                  </td>
                  <td data-label="Area">{a.area}</td>
                  <td data-label="Model / endpoint" className="wrap">
                    {a.labels.model ?? 'all models'}
                    {a.labels.endpoint ? <span className="muted small"> {a.labels.endpoint}</span> : null}
                  </td>
                  <td data-label="Value" className="num" data-testid="cell-value">
                    {formatAlertValue(a.value)}
                  </td>
                  <td data-label="Since" title={formatTime(since)}>
                    {formatDuration(since === null ? null : now - since)}
                    {a.silencedBy ? (
                      <div className="muted small">
                        {a.silencedBy.kind === 'silence' ? 'silence' : 'maintenance'} {a.silencedBy.id}
                      </div>
                    ) : null}
                  </td>
                  <td data-label="Labels">
                    <span className="labels">
                      {extra.length === 0
                        ? '—'
                        : extra.map(([k, v]) => (
                            <code key={k} className="label-chip">
                              {k}={v}
                            </code>
                          ))}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
