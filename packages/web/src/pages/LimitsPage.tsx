import type { LimitsResult } from '@vigil/protocol';
import { useApi } from '../api/use-api.js';
import { StateView } from '../components/StateView.js';

type LimitStatus = LimitsResult['limits'][number];

/** A limit needs attention once it has refused or folded anything, or its use passed 80 % of it. */
export function isLimitPressed(l: LimitStatus): boolean {
  return l.sinceStart > 0 || l.used >= 0.8 * l.max;
}

/**
 * `/limits`: every cardinality limit (GET /api/v1/limits) — its setting, how much of it the busiest model or
 * key uses, what happens past it, and how many events it refused or names it folded since the server started.
 */
export function LimitsPage() {
  const state = useApi<LimitsResult>('/api/v1/limits');
  return (
    <section className="page" data-testid="limits-page">
      <div className="page-head">
        <h1>Cardinality limits</h1>
      </div>
      <p className="muted">
        Past a <b>refuse</b> limit an event is rejected with <code>VIGIL_ERR_CARDINALITY_LIMIT</code>; past a{' '}
        <b>fold</b> limit its name is counted under <code>(other)</code>, so totals stay true. Raise a limit with its
        environment variable (or flag) and restart. Counts are since the server started.
      </p>
      <StateView state={state} label="limits">
        {(data) => (
          <table className="data-table responsive" data-testid="limits-table">
            <thead>
              <tr>
                <th>Limit</th>
                <th>Per</th>
                <th className="num">Used</th>
                <th className="num">Max</th>
                <th>Busiest</th>
                <th>Past it</th>
                <th className="num">Since start</th>
              </tr>
            </thead>
            <tbody>
              {data.limits.map((l) => (
                <tr key={l.limit} data-testid="limit-row" data-limit={l.limit}>
                  <td data-label="Limit">
                    {l.limit}
                    <div className="muted small">{l.env}</div>
                  </td>
                  <td data-label="Per">{l.scope}</td>
                  <td data-label="Used" className="num" data-testid="limit-used">
                    {l.used.toLocaleString('en-US')}
                  </td>
                  <td data-label="Max" className="num">
                    {l.max.toLocaleString('en-US')}
                  </td>
                  <td data-label="Busiest" className="muted">
                    {l.usedBy ?? '—'}
                  </td>
                  <td data-label="Past it">{l.onLimit}</td>
                  <td data-label="Since start" className="num" data-testid="limit-since-start">
                    <span className={`badge ${isLimitPressed(l) ? 'degraded' : 'healthy'}`}>
                      {l.sinceStart.toLocaleString('en-US')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </StateView>
    </section>
  );
}
