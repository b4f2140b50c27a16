import { useMemo } from 'react';
import type { ModelList, TimeseriesResult } from '@vigil/protocol';
import { useApi } from '../api/use-api.js';
import { ChartCard } from '../charts/ChartCard.js';
import { linesOf } from '../charts/chart-data.js';
import { RangePicker } from '../components/RangePicker.js';
import { StateView } from '../components/StateView.js';
import { summarizeEndpoints } from '../format/endpoint-summary.js';
import { formatCount, formatMs, formatPercent, formatStep } from '../format/format-value.js';
import { Link, useLocation } from '../routing/router.js';
import { parseRangeQuery, resolveRange } from '../routing/time-range.js';

const endpointLabel = (e: string | null) => e || '(no endpoint)';

/** `/endpoints?range=…`: error rate and latency of every endpoint, across models. */
export function EndpointsPage() {
  const { query } = useLocation();
  const spec = parseRangeQuery(query, '24h');
  const specKey = JSON.stringify(spec);
  const span = useMemo(() => resolveRange(spec, Date.now()), [specKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const rangeQuery =
    spec.kind === 'preset'
      ? `range=${spec.range}`
      : `from=${new Date(spec.from).toISOString()}&to=${new Date(spec.to).toISOString()}`;
  const list = useApi<ModelList>('/api/v1/models', { window: '1h' });
  const ts = useApi<TimeseriesResult>('/api/v1/metrics/timeseries', {
    metric: 'calls,errors,errorRate,latency.p95',
    groupBy: 'endpoint',
    from: new Date(span.from).toISOString(),
    to: new Date(span.to).toISOString(),
  });
  const view = useMemo(() => {
    if (ts.status !== 'ok') return null;
    const label = (s: { endpoint: string | null }) => endpointLabel(s.endpoint);
    return {
      rows: summarizeEndpoints(ts.data),
      errorLines: linesOf(ts.data.series, 'errorRate', label),
      p95Lines: linesOf(ts.data.series, 'latency.p95', label),
      step: formatStep(ts.data.step),
    };
  }, [ts]);
  const modelsOf = useMemo(() => {
    const map = new Map<string, string[]>();
    if (list.status === 'ok')
      for (const m of list.data.models) for (const e of m.endpoints) map.set(e, [...(map.get(e) ?? []), m.model]);
    return map;
  }, [list]);

  return (
    <section className="page" data-testid="endpoints-page">
      <div className="page-head">
        <h1>Endpoints</h1>
        <RangePicker spec={spec} />
      </div>
      <StateView state={ts} label="endpoint metrics">
        {() =>
          !view || view.rows.length === 0 ? (
            <p className="state empty">No data in this range</p>
          ) : (
            <>
              <table className="data-table responsive" data-testid="endpoints-table">
                <thead>
                  <tr>
                    <th>Endpoint</th>
                    <th>Models</th>
                    <th className="num">Calls</th>
                    <th className="num">Error rate</th>
                    <th className="num">Peak p95 (per {view.step})</th>
                    <th className="num">Latest p95</th>
                  </tr>
                </thead>
                <tbody>
                  {view.rows.map((r) => (
                    <tr key={r.endpoint} data-testid="endpoint-row" data-endpoint={r.endpoint}>
                      <td data-label="Endpoint">
                        <code>{endpointLabel(r.endpoint)}</code>
                      </td>
                      <td data-label="Models">
                        {(modelsOf.get(r.endpoint) ?? []).map((m) => (
                          <Link
                            key={m}
                            className="chip"
                            href={`/models/${encodeURIComponent(m)}?${rangeQuery}&endpoint=${encodeURIComponent(r.endpoint)}`}
                          >
                            {m}
                          </Link>
                        ))}
                      </td>
                      <td data-label="Calls" className="num" data-testid="cell-calls">
                        {formatCount(r.calls)}
                      </td>
                      <td data-label="Error rate" className="num" data-testid="cell-error-rate">
                        {formatPercent(r.errorRate)}
                      </td>
                      <td data-label="Peak p95" className="num" data-testid="cell-peak-p95">
                        {formatMs(r.peakP95)}
                      </td>
                      <td data-label="Latest p95" className="num" data-testid="cell-latest-p95">
                        {formatMs(r.latestP95)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="chart-grid">
                <ChartCard
                  title="Error rate by endpoint"
                  note={`per ${view.step}`}
                  testId="chart-endpoint-errors"
                  lines={view.errorLines}
                  format={formatPercent}
                />
                <ChartCard
                  title="p95 latency by endpoint"
                  note={`per ${view.step}`}
                  testId="chart-endpoint-p95"
                  lines={view.p95Lines}
                  format={formatMs}
                />
              </div>
            </>
          )
        }
      </StateView>
    </section>
  );
}
