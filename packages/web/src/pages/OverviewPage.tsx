import { useNow } from '../api/refresh.js';
import { useMemo } from 'react';
import type { LimitsResult, ModelList, ModelSummary, TimeseriesResult } from '@vigil/protocol';
import { useApi } from '../api/use-api.js';
import type { ChartLine } from '../charts/chart-data.js';
import { Sparkline } from '../charts/Sparkline.js';
import { RangePicker } from '../components/RangePicker.js';
import { StateView } from '../components/StateView.js';
import { formatAgo, formatMs, formatPercent, formatRate, formatUsd } from '../format/format-value.js';
import { computeModelStatus } from '../format/model-status.js';
import { alertsOf } from '../format/alert-state.js';
import { useAlertingState, type AlertingState } from '../api/use-alerting-state.js';
import type { ApiState } from '../api/use-api.js';
import { AlertStateLinks } from '../components/AlertStateLinks.js';
import { Link, useLocation } from '../routing/router.js';
import { parseRangeQuery, resolveRange } from '../routing/time-range.js';
import { isLimitPressed } from './LimitsPage.js';

/**
 * `/`: every model's headline API health over a preset window, with a calls/min sparkline, a status and what
 * alerting says about it now (open incidents, firing alerts), linked.
 */
export function OverviewPage() {
  const { query } = useLocation();
  const spec = parseRangeQuery(query, '1h');
  const range = spec.kind === 'preset' ? spec.range : '1h';
  const now = useNow();
  const span = useMemo(() => resolveRange({ kind: 'preset', range }, now), [range, now]);
  const models = useApi<ModelList>('/api/v1/models', { window: range });
  const alerting = useAlertingState();
  const trend = useApi<TimeseriesResult>('/api/v1/metrics/timeseries', {
    metric: 'callsPerMinute',
    groupBy: 'model',
    from: new Date(span.from).toISOString(),
    to: new Date(span.to).toISOString(),
  });
  const limits = useApi<LimitsResult>('/api/v1/limits');
  const pressed = limits.status === 'ok' ? limits.data.limits.filter(isLimitPressed) : [];
  const sparks = useMemo(() => {
    const byModel = new Map<string, ChartLine>();
    if (trend.status === 'ok')
      for (const s of trend.data.series) if (s.model) byModel.set(s.model, { label: 'calls/min', points: s.points });
    return byModel;
  }, [trend]);

  return (
    <section className="page" data-testid="overview-page">
      <div className="page-head">
        <h1>Models</h1>
        <RangePicker spec={{ kind: 'preset', range }} presetsOnly />
      </div>
      {pressed.length > 0 && (
        <p className="state error" role="alert" data-testid="limits-banner">
          Cardinality limits reached:{' '}
          {pressed
            .map(
              (l) =>
                `${l.limit} (${l.used.toLocaleString('en-US')} of ${l.max.toLocaleString('en-US')}; ${l.sinceStart.toLocaleString('en-US')} ${l.onLimit === 'refuse' ? 'events refused' : 'folded into (other)'} since start)`,
            )
            .join(', ')}
          . <Link href="/limits">See the limits</Link>
        </p>
      )}
      <StateView state={models} label="models">
        {(data) =>
          data.models.length === 0 ? (
            <p className="state empty">
              No models have sent data yet. Record calls with POST /api/v1/events or the SDK.
            </p>
          ) : (
            <ModelTable
              models={data.models}
              range={range}
              sparks={sparks}
              alerting={alerting}
              isTrendLoading={trend.status === 'loading'}
              trendError={trend.status === 'error' ? trend.error.message : null}
            />
          )
        }
      </StateView>
    </section>
  );
}

function ModelTable(props: {
  models: ModelSummary[];
  range: string;
  sparks: Map<string, ChartLine>;
  alerting: ApiState<AlertingState>;
  isTrendLoading: boolean;
  trendError: string | null;
}) {
  const { models, range, sparks, alerting, isTrendLoading, trendError } = props;
  const now = Date.now();
  return (
    <>
      {trendError && <p className="state error">Sparklines unavailable: {trendError}</p>}
      {alerting.status === 'error' && <p className="state error">Alert state unavailable: {alerting.error.message}</p>}
      <table className="data-table responsive" data-testid="models-table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Status</th>
            <th>Alerts</th>
            <th className="num">Calls/min</th>
            <th className="num">p50</th>
            <th className="num">p95</th>
            <th className="num">p99</th>
            <th className="num">Error rate</th>
            <th className="num">Cost / prediction</th>
            <th>Calls/min, last {range}</th>
            <th>Last call</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const alerts =
              alerting.status === 'ok' ? alertsOf(m.model, alerting.data.alerts, alerting.data.incidents) : null;
            const { status, reason } = computeModelStatus(m, now, alerts ?? undefined);
            const h = m.health;
            return (
              <tr key={m.model} data-testid="model-row" data-model={m.model}>
                <td data-label="Model">
                  <Link href={`/models/${encodeURIComponent(m.model)}?range=${range}`} className="model-link">
                    {m.model}
                  </Link>
                  <span className="muted small"> {m.modelType ?? ''}</span>
                </td>
                <td data-label="Status">
                  {/* Until alerting has answered, no status: "healthy" must not show beside an open incident. */}
                  {alerting.status === 'loading' ? (
                    <span className="badge idle" data-testid="cell-status">
                      checking…
                    </span>
                  ) : (
                    <span className={`badge ${status}`} title={reason} data-testid="cell-status">
                      {status}
                    </span>
                  )}
                </td>
                <td data-label="Alerts">
                  {alerts ? <AlertStateLinks alerts={alerts} testId="cell-alerts" /> : <span className="muted">—</span>}
                </td>
                <td data-label="Calls/min" className="num" data-testid="cell-cpm">
                  {formatRate(h.callsPerMinute)}
                </td>
                <td data-label="p50" className="num" data-testid="cell-p50">
                  {formatMs(h.latencyP50)}
                </td>
                <td data-label="p95" className="num" data-testid="cell-p95">
                  {formatMs(h.latencyP95)}
                </td>
                <td data-label="p99" className="num" data-testid="cell-p99">
                  {formatMs(h.latencyP99)}
                </td>
                <td data-label="Error rate" className="num" data-testid="cell-error-rate">
                  {formatPercent(h.errorRate)}
                </td>
                <td data-label="Cost / prediction" className="num" data-testid="cell-cost">
                  {formatUsd(h.costPerCall)}
                </td>
                <td data-label="Trend">
                  <Sparkline line={sparks.get(m.model)} loading={isTrendLoading} testId="sparkline" />
                </td>
                <td data-label="Last call" className="muted" title={m.lastSeen}>
                  {formatAgo(m.lastSeen, now)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
