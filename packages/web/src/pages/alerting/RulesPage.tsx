import { Time } from '../../components/Time.js';
import type { AlertRule, RuleList } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { formatTime, formatUsdPerHour } from '../../components/alerting/alerting-format.js';
import { SeverityBadge } from '../../components/alerting/SeverityBadge.js';
import { StateView } from '../../components/StateView.js';
import { Link } from '../../routing/router.js';

/** One line saying what a rule checks, e.g. "latency.p95 > 800 over 5m, for 2m". */
export function describeCondition(r: AlertRule): string {
  const hold = r.for ? `, for ${r.for}` : '';
  switch (r.kind) {
    case 'threshold':
      return `${r.metric} ${r.comparator} ${r.value} over ${r.window ?? '5m'}${hold}`;
    case 'relative_change':
      return `${r.metric} change vs ${r.offset} ago ${r.comparator} ${r.changePercent}% over ${r.window ?? '1h'}${hold}`;
    case 'absence':
      return `no ${r.metric ?? 'calls'} for ${r.window}${hold}`;
    case 'slo_burn':
      return `${r.errorRatioMetric} burning a ${r.objectivePercent}% budget (${r.windows ? r.windows.map((w) => `${w.long}/${w.short} ≥ ${w.burnRate}×`).join(', ') : (r.alert ?? 'page')})${hold}`;
  }
}

/** `/alerts/rules`: every rule with its condition, area, severity and scope. */
export function RulesPage() {
  const rules = useApi<RuleList>('/api/v1/alerts/rules');
  return (
    <section className="page" data-testid="rules-page">
      <div className="page-head">
        <h1>Alert rules</h1>
        <Link href="/alerts/rules/new" className="chip" data-testid="new-rule">
          New rule
        </Link>
      </div>
      <AlertingNav />
      <StateView state={rules} label="alert rules">
        {({ rules: list }) =>
          list.length === 0 ? (
            <p className="state empty">
              No alert rules yet. Create one here, with POST /api/v1/alerts/rules, or with vigil rules apply FILE.
            </p>
          ) : (
            <table className="data-table responsive" data-testid="rules-table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Condition</th>
                  <th>Area</th>
                  <th>Severity</th>
                  <th>Scope</th>
                  <th className="num">Impact</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {list.map(({ rule: r, source, version, updatedAt }) => (
                  <tr key={r.id} data-testid="rule-row" data-rule={r.id}>
                    <td data-label="Rule">
                      <Link href={`/alerts/rules/${encodeURIComponent(r.id)}`} className="model-link">
                        {r.name}
                      </Link>
                      <div className="muted small">
                        {r.id} · v{version} · {source}
                        {r.enabled === false ? ' · disabled' : ''}
                      </div>
                    </td>
                    <td data-label="Condition" className="wrap">
                      <code>{describeCondition(r)}</code>
                    </td>
                    <td data-label="Area">{r.area}</td>
                    <td data-label="Severity">
                      <SeverityBadge value={r.severity} />
                    </td>
                    <td data-label="Scope" className="wrap">
                      {r.scope?.model ?? 'all models'}
                      {r.scope?.endpoint ? <span className="muted small"> {r.scope.endpoint}</span> : null}
                    </td>
                    <td data-label="Impact" className="num">
                      {formatUsdPerHour(r.businessImpactUsdPerHour)}
                    </td>
                    <td data-label="Updated" className="muted small">
                      <Time value={updatedAt} />
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
