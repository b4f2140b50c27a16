import { useMemo } from 'react';
import type { MetricSummary, ModelList, TimeseriesResult } from '@vigil/protocol';
import { useNow } from '../api/refresh.js';
import { useApi } from '../api/use-api.js';
import { ChartCard } from '../charts/ChartCard.js';
import { linesOf, type ChartLine } from '../charts/chart-data.js';
import { Sparkline } from '../charts/Sparkline.js';
import { RangePicker } from '../components/RangePicker.js';
import { StateView } from '../components/StateView.js';
import {
  ENDPOINT_METRICS,
  ENDPOINT_SORT_KEYS,
  endpointRows,
  sortEndpointRows,
  type EndpointSortKey,
} from '../format/endpoint-summary.js';
import { formatCount, formatMs, formatPercent, formatRate, formatStep, formatUsd } from '../format/format-value.js';
import { Link, updateQuery, useLocation } from '../routing/router.js';
import { parseRangeQuery, resolveRange } from '../routing/time-range.js';

const endpointLabel = (e: string | null) => e || '(no endpoint)';

const COLUMNS: Array<{ key: EndpointSortKey; label: string; isNum: boolean }> = [
  { key: 'endpoint', label: 'Endpoint', isNum: false },
  { key: 'callsPerMinute', label: 'Calls/min', isNum: true },
  { key: 'calls', label: 'Calls', isNum: true },
  { key: 'errorRate', label: 'Error rate', isNum: true },
  { key: 'p50', label: 'p50', isNum: true },
  { key: 'p95', label: 'p95', isNum: true },
  { key: 'p99', label: 'p99', isNum: true },
  { key: 'cost', label: 'Cost', isNum: true },
];

/**
 * `/endpoints?range=…&sort=p99&dir=desc`: every endpoint across models — calls/min, error rate, p50/p95/p99
 * and cost over exactly the range, sortable by any column, with a calls/min sparkline — and charts of error
 * rate and p95 by endpoint.
 */
export function EndpointsPage() {
  const { query } = useLocation();
  const spec = parseRangeQuery(query, '24h');
  const specKey = JSON.stringify(spec);
  const now = useNow();
  const span = useMemo(() => resolveRange(spec, now), [specKey, now]); // eslint-disable-line react-hooks/exhaustive-deps
  const sortKey = (ENDPOINT_SORT_KEYS as readonly string[]).includes(query.get('sort') ?? '')
    ? (query.get('sort') as EndpointSortKey)
    : 'callsPerMinute';
  const dir = query.get('dir') === 'asc' ? 'asc' : 'desc';
  const rangeQuery =
    spec.kind === 'preset'
      ? `range=${spec.range}`
      : `from=${new Date(spec.from).toISOString()}&to=${new Date(spec.to).toISOString()}`;
  const time = { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString() };
  const list = useApi<ModelList>('/api/v1/models', { window: '1h' });
  const summary = useApi<MetricSummary>('/api/v1/metrics/summary', {
    metric: ENDPOINT_METRICS.join(','),
    groupBy: 'endpoint',
    ...time,
  });
  const ts = useApi<TimeseriesResult>('/api/v1/metrics/timeseries', {
    metric: 'callsPerMinute,errorRate,latency.p95',
    groupBy: 'endpoint',
    ...time,
  });
  const rows = useMemo(
    () => (summary.status === 'ok' ? sortEndpointRows(endpointRows(summary.data), sortKey, dir) : []),
    [summary, sortKey, dir],
  );
  const charts = useMemo(() => {
    if (ts.status !== 'ok') return null;
    const label = (s: { endpoint: string | null }) => endpointLabel(s.endpoint);
    const sparks = new Map<string, ChartLine>();
    for (const s of ts.data.series)
      if (s.metric === 'callsPerMinute') sparks.set(s.endpoint ?? '', { label: 'calls/min', points: s.points });
    return {
      sparks,
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
  const sortBy = (key: EndpointSortKey) =>
    updateQuery({
      sort: key,
      dir: key === sortKey ? (dir === 'desc' ? 'asc' : 'desc') : key === 'endpoint' ? 'asc' : 'desc',
    });

  return (
    <section className="page" data-testid="endpoints-page">
      <div className="page-head">
        <h1>Endpoints</h1>
        <RangePicker spec={spec} />
      </div>
      <StateView state={summary} label="endpoint metrics">
        {() =>
          rows.length === 0 ? (
            <p className="state empty">No data in this range</p>
          ) : (
            <>
              <p className="muted small">
                Every number covers the whole range (a p99 of all its calls). Select a column to sort.
              </p>
              {/* On a phone the table's head is hidden (rows stack as cards): sort from here instead. */}
              <label className="sort-select small">
                Sort by{' '}
                <select
                  value={`${sortKey}:${dir}`}
                  onChange={(e) => {
                    const [key, d] = e.target.value.split(':');
                    updateQuery({ sort: key!, dir: d! });
                  }}
                  data-testid="sort-select"
                >
                  {COLUMNS.flatMap((c) =>
                    (c.isNum ? (['desc', 'asc'] as const) : (['asc', 'desc'] as const)).map((d) => (
                      <option key={`${c.key}:${d}`} value={`${c.key}:${d}`}>
                        {c.label}{' '}
                        {c.isNum
                          ? d === 'desc'
                            ? '(highest first)'
                            : '(lowest first)'
                          : d === 'asc'
                            ? '(A–Z)'
                            : '(Z–A)'}
                      </option>
                    )),
                  )}
                </select>
              </label>
              <table className="data-table responsive" data-testid="endpoints-table">
                <thead>
                  <tr>
                    {COLUMNS.map((c) => (
                      <th key={c.key} className={`sortable${c.isNum ? ' num' : ''}`}>
                        <button
                          type="button"
                          onClick={() => sortBy(c.key)}
                          aria-sort={c.key === sortKey ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                          data-testid={`sort-${c.key}`}
                        >
                          {c.label}
                        </button>
                      </th>
                    ))}
                    <th>Models</th>
                    <th>Calls/min over the range</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.endpoint} data-testid="endpoint-row" data-endpoint={r.endpoint}>
                      <td data-label="Endpoint">
                        <code>{endpointLabel(r.endpoint)}</code>
                      </td>
                      <td data-label="Calls/min" className="num" data-testid="cell-cpm">
                        {formatRate(r.callsPerMinute)}
                      </td>
                      <td data-label="Calls" className="num" data-testid="cell-calls">
                        {formatCount(r.calls)}
                      </td>
                      <td data-label="Error rate" className="num" data-testid="cell-error-rate">
                        {formatPercent(r.errorRate)}
                      </td>
                      <td data-label="p50" className="num" data-testid="cell-p50">
                        {formatMs(r.p50)}
                      </td>
                      <td data-label="p95" className="num" data-testid="cell-p95">
                        {formatMs(r.p95)}
                      </td>
                      <td data-label="p99" className="num" data-testid="cell-p99">
                        {formatMs(r.p99)}
                      </td>
                      <td data-label="Cost" className="num" data-testid="cell-cost">
                        {formatUsd(r.cost)}
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
                      <td data-label="Trend">
                        <Sparkline
                          line={charts?.sparks.get(r.endpoint)}
                          loading={ts.status === 'loading'}
                          testId="sparkline"
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {charts && (
                <div className="chart-grid">
                  <ChartCard
                    title="Error rate by endpoint"
                    note={`per ${charts.step}`}
                    testId="chart-endpoint-errors"
                    lines={charts.errorLines}
                    format={formatPercent}
                  />
                  <ChartCard
                    title="p95 latency by endpoint"
                    note={`per ${charts.step}`}
                    testId="chart-endpoint-p95"
                    lines={charts.p95Lines}
                    format={formatMs}
                  />
                </div>
              )}
            </>
          )
        }
      </StateView>
    </section>
  );
}
