import type { DashboardList } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { Time } from '../../components/Time.js';
import { Link } from '../../routing/router.js';
import './dashboards.css';

/** `/dashboards`: every saved dashboard, each team's home, and "New dashboard". */
export function DashboardsPage() {
  const list = useApi<DashboardList>('/api/v1/dashboards');
  return (
    <section className="page" data-testid="dashboards-page">
      <div className="page-head">
        <h1>Dashboards</h1>
        <Link href="/dashboards/new" className="button primary-button" data-testid="new-dashboard">
          New dashboard
        </Link>
      </div>
      <StateView state={list} label="dashboards">
        {(data) => (
          <>
            {data.homes.length > 0 && (
              <div className="team-homes" data-testid="team-homes">
                <span className="muted small">Team homes:</span>
                {data.homes.map((h) => (
                  <Link
                    key={h.team}
                    className="chip"
                    href={`/dashboards/${encodeURIComponent(h.dashboardId)}`}
                    data-testid="team-home"
                    data-team={h.team}
                  >
                    {h.team}
                  </Link>
                ))}
              </div>
            )}
            {data.dashboards.length === 0 ? (
              <p className="state empty">No dashboards yet. Compose one from panels with “New dashboard”.</p>
            ) : (
              <table className="data-table responsive" data-testid="dashboards-table">
                <thead>
                  <tr>
                    <th>Dashboard</th>
                    <th>For</th>
                    <th>Home of</th>
                    <th className="num">Panels</th>
                    <th>Range</th>
                    <th>Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {data.dashboards.map((d) => (
                    <tr key={d.id} data-testid="dashboard-row" data-id={d.id}>
                      <td data-label="Dashboard">
                        <Link href={`/dashboards/${encodeURIComponent(d.id)}`}>{d.name}</Link>
                        {d.description && <div className="muted small">{d.description}</div>}
                      </td>
                      <td data-label="For">{d.team ?? '—'}</td>
                      <td data-label="Home of">{d.homeOf.join(', ') || '—'}</td>
                      <td data-label="Panels" className="num">
                        {d.panels.length}
                      </td>
                      <td data-label="Range">{d.range}</td>
                      <td data-label="Updated">
                        <Time value={d.updatedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </StateView>
    </section>
  );
}
