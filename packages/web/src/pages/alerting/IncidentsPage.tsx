import { Time } from '../../components/Time.js';
import type { IncidentList, IncidentMetricsResult, IncidentStatus } from '@vigil/protocol';
import { MONITORING_AREAS } from '../../api/alerting-api.js';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { formatDuration, formatTime, formatUsdPerHour } from '../../components/alerting/alerting-format.js';
import { SeverityBadge } from '../../components/alerting/SeverityBadge.js';
import { StatTile } from '../../components/StatTile.js';
import { StateView } from '../../components/StateView.js';
import { formatCount, formatPercent } from '../../format/format-value.js';
import { incidentName } from '../../format/alert-state.js';
import { Link, updateQuery, useLocation } from '../../routing/router.js';

const STATUSES: Array<IncidentStatus | 'all'> = ['open', 'acknowledged', 'resolved', 'all'];

/** `/incidents?status=open|acknowledged|resolved|all&area=…`: incidents, newest first. */
export function IncidentsPage() {
  const { query } = useLocation();
  const raw = query.get('status');
  const status = STATUSES.includes(raw as IncidentStatus) ? (raw as IncidentStatus | 'all') : 'all';
  const area = query.get('area') ?? undefined;
  const incidents = useApi<IncidentList>('/api/v1/incidents', {
    status: status === 'all' ? undefined : status,
    area,
  });
  const now = Date.now();
  return (
    <section className="page" data-testid="incidents-page">
      <div className="page-head">
        <h1>Incidents</h1>
      </div>
      <AlertingNav />
      <IncidentMetricTiles />
      <div className="filters">
        <div className="segmented" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={s === status}
              onClick={() => updateQuery({ status: s === 'all' ? undefined : s })}
            >
              {s}
            </button>
          ))}
        </div>
        <label className="endpoint-filter">
          Area{' '}
          <select
            value={area ?? ''}
            onChange={(e) => updateQuery({ area: e.target.value || undefined })}
            data-testid="incident-area-filter"
          >
            <option value="">All areas</option>
            {MONITORING_AREAS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
      </div>
      <StateView state={incidents} label="incidents">
        {({ incidents: list }) =>
          list.length === 0 ? (
            <p className="state empty">
              No {status === 'all' ? '' : `${status} `}incidents{area ? ` in ${area}` : ''}.
            </p>
          ) : (
            <table className="data-table responsive" data-testid="incidents-table">
              <thead>
                <tr>
                  <th>Incident</th>
                  <th>Status</th>
                  <th>Severity</th>
                  <th>Area</th>
                  <th>Team</th>
                  <th>Opened</th>
                  <th className="num">Open for</th>
                  <th className="num">Impact</th>
                </tr>
              </thead>
              <tbody>
                {list.map((i) => (
                  <tr key={i.id} data-testid="incident-row" data-incident={i.id}>
                    <td data-label="Incident" className="wrap">
                      <div>
                        <Link href={`/incidents/${encodeURIComponent(i.id)}`} className="model-link" title={i.title}>
                          {incidentName(i)}
                        </Link>
                        <div className="muted small">
                          {[i.model, i.endpoint].filter(Boolean).join(' · ') || 'all models'}
                        </div>
                      </div>
                    </td>
                    <td data-label="Status">
                      <SeverityBadge value={i.status} testId="cell-status" />
                      {i.isFalsePositive ? <span className="muted small"> false positive</span> : null}
                    </td>
                    <td data-label="Severity">
                      <SeverityBadge value={i.severity} />
                    </td>
                    <td data-label="Area">{i.area}</td>
                    <td data-label="Team">{i.team}</td>
                    <td data-label="Opened">
                      <Time value={i.openedAt} />
                    </td>
                    <td data-label="Open for" className="num">
                      {formatDuration((i.resolvedAt ?? now) - i.openedAt)}
                    </td>
                    <td data-label="Impact" className="num">
                      {formatUsdPerHour(i.impactUsdPerHour)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </StateView>
    </section>
  );
}

/** MTTA, MTTR and the critical false-positive rate over the last 30 days (GET /api/v1/incidents/metrics). */
function IncidentMetricTiles() {
  const metrics = useApi<IncidentMetricsResult>('/api/v1/incidents/metrics', { groupBy: 'all' });
  if (metrics.status === 'loading') return null;
  if (metrics.status === 'error')
    return <p className="notice error">Incident metrics unavailable: {metrics.error.message}</p>;
  // groupBy=all without a bucket: one bucket for the whole range, or none when nothing opened.
  const b = metrics.data.buckets[0];
  return (
    <>
      <p className="muted small">
        Last 30 days (<Time value={metrics.data.from} /> – <Time value={metrics.data.to} />
        ). MTTA and MTTR as defined in docs/alerting.md.
      </p>
      <div className="tiles" data-testid="incident-metrics">
        <StatTile label="Opened" value={formatCount(b?.opened ?? 0)} testId="tile-opened" />
        <StatTile label="Resolved" value={formatCount(b?.resolved ?? 0)} testId="tile-resolved" />
        <StatTile label="MTTA" value={formatDuration(b?.mttaMs ?? null)} testId="tile-mtta" />
        <StatTile label="MTTR" value={formatDuration(b?.mttrMs ?? null)} testId="tile-mttr" />
        <StatTile
          label="Critical false positives"
          value={
            b && b.criticalResolved > 0
              ? `${formatPercent(b.falsePositiveRate)} of ${formatCount(b.criticalResolved)}`
              : '—'
          }
          testId="tile-fp-rate"
        />
      </div>
    </>
  );
}
