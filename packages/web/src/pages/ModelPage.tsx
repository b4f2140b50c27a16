import { useNow } from '../api/refresh.js';
import { Time } from '../components/Time.js';
import { useMemo } from 'react';
import type { EventPage, IncidentList, ModelList, ModelSummary, SegmentList, TimeseriesResult } from '@vigil/protocol';
import { EventDetail } from '../components/EventDetail.js';
import { shiftLines } from '../charts/chart-data.js';
import type { ChartMark } from '../charts/TimeChart.js';
import { useApi } from '../api/use-api.js';
import { ChartCard } from '../charts/ChartCard.js';
import { linesOf } from '../charts/chart-data.js';
import { RangePicker } from '../components/RangePicker.js';
import { StateView } from '../components/StateView.js';
import { StatTile } from '../components/StatTile.js';
import { ModelTabs } from '../components/ModelTabs.js';
import { formatCount, formatMs, formatPercent, formatRate, formatStep, formatUsd } from '../format/format-value.js';
import { computeModelStatus } from '../format/model-status.js';
import { alertsOf, incidentName } from '../format/alert-state.js';
import { useAlertingState } from '../api/use-alerting-state.js';
import { AlertStateLinks } from '../components/AlertStateLinks.js';
import { updateQuery, useLocation } from '../routing/router.js';
import { describeRange, parseRangeQuery, resolveRange, type RangeSpec } from '../routing/time-range.js';
import { GenAiClientPanel } from './infra/GenAiClientPanel.js';

const HEALTH_METRICS = [
  'latency.p50',
  'latency.p95',
  'latency.p99',
  'callsPerMinute',
  'costPerCall',
  'inputTokens',
  'outputTokens',
];

/** `/models/:model?range=…&from=…&to=…&endpoint=…&segment=key=value`: one model's API health over time. */
export function ModelPage({ model }: { model: string }) {
  const { query } = useLocation();
  const spec = parseRangeQuery(query, '24h');
  const endpoint = query.get('endpoint') ?? undefined;
  const segment = query.get('segment') ?? undefined;
  const specKey = JSON.stringify(spec);
  const now = useNow();
  const span = useMemo(() => resolveRange(spec, now), [specKey, now]); // eslint-disable-line react-hooks/exhaustive-deps
  const windowParam = spec.kind === 'preset' ? spec.range : '24h';
  const list = useApi<ModelList>('/api/v1/models', { window: windowParam });

  return (
    <section className="page" data-testid="model-page">
      <div className="page-head">
        <h1>{model}</h1>
        <RangePicker spec={spec} />
      </div>
      <ModelTabs model={model} active="health" />
      <StateView state={list} label="the model">
        {(data) => {
          const m = data.models.find((x) => x.model === model);
          if (!m) return <p className="state empty">No calls have been recorded for model “{model}”.</p>;
          return (
            <ModelBody
              m={m}
              spec={spec}
              span={span}
              endpoint={endpoint}
              segment={segment}
              isCompared={query.get('compare') === 'week'}
              eventId={query.get('event')}
            />
          );
        }}
      </StateView>
      <GenAiClientPanel model={model} from={new Date(span.from).toISOString()} to={new Date(span.to).toISOString()} />
    </section>
  );
}

interface ModelBodyProps {
  m: ModelSummary;
  spec: RangeSpec;
  span: { from: number; to: number };
  endpoint: string | undefined;
  segment: string | undefined;
  /** Draw last week's lines beside this range's (`?compare=week`). */
  isCompared: boolean;
  /** The stored call opened from the recent calls (`?event=<requestId>`). */
  eventId: string | null;
}

const WEEK = 7 * 86_400_000;

function ModelBody({ m, spec, span, endpoint, segment, isCompared, eventId }: ModelBodyProps) {
  const isLlm = m.modelType === 'llm';
  const base = {
    model: m.model,
    endpoint,
    segment,
    from: new Date(span.from).toISOString(),
    to: new Date(span.to).toISOString(),
  };
  const segments = useApi<SegmentList>('/api/v1/segments', { model: m.model });
  const segmentOptions = segments.status === 'ok' ? segments.data.segments.map((x) => x.segment) : [];
  if (segment && !segmentOptions.includes(segment)) segmentOptions.unshift(segment);
  const health = useApi<TimeseriesResult>('/api/v1/metrics/timeseries', { ...base, metric: HEALTH_METRICS.join(',') });
  const errors = useApi<TimeseriesResult>('/api/v1/metrics/timeseries', {
    ...base,
    metric: 'errorRate',
    groupBy: 'endpoint',
  });
  const lastWeek = useApi<TimeseriesResult>(isCompared ? '/api/v1/metrics/timeseries' : null, {
    ...base,
    metric: 'latency.p95,callsPerMinute,costPerCall',
    from: new Date(span.from - WEEK).toISOString(),
    to: new Date(span.to - WEEK).toISOString(),
  });
  const incidents = useApi<IncidentList>('/api/v1/incidents', {
    model: m.model,
    from: new Date(span.from).toISOString(),
    to: new Date(span.to).toISOString(),
    limit: 200,
  });
  const marks = useMemo((): ChartMark[] => {
    const out: ChartMark[] = m.versionHistory
      .slice(1)
      .map((v) => ({ at: Date.parse(v.firstSeen), label: `v${v.version}`, kind: 'version' as const }));
    if (incidents.status === 'ok')
      for (const i of incidents.data.incidents)
        if (!endpoint || !i.endpoint || i.endpoint === endpoint)
          out.push({ at: i.openedAt, label: `incident: ${incidentName(i)}`, kind: 'incident' });
    return out.sort((a, b) => a.at - b.at);
  }, [m.versionHistory, incidents, endpoint]);
  const events = useApi<EventPage>('/api/v1/events', { model: m.model, limit: 10 });
  const alerting = useAlertingState();
  const alerts =
    alerting.status === 'ok' ? alertsOf(m.model, alerting.data.alerts, alerting.data.incidents, endpoint) : null;
  const { status, reason } = computeModelStatus(m, Date.now(), alerts ?? undefined);
  const h = m.health;

  const charts = useMemo(() => {
    if (health.status !== 'ok') return null;
    const s = health.data.series;
    return {
      latency: [
        ...linesOf(s, 'latency.p50', () => 'p50'),
        ...linesOf(s, 'latency.p95', () => 'p95'),
        ...linesOf(s, 'latency.p99', () => 'p99'),
      ],
      throughput: linesOf(s, 'callsPerMinute', () => 'calls/min'),
      cost: linesOf(s, 'costPerCall', () => 'cost / prediction'),
      tokens: [
        ...linesOf(s, 'inputTokens', () => 'input tokens'),
        ...linesOf(s, 'outputTokens', () => 'output tokens'),
      ],
      step: health.data.step,
    };
  }, [health]);
  const compared = useMemo(() => {
    if (!isCompared || lastWeek.status !== 'ok') return null;
    const s = lastWeek.data.series;
    const shift = (metric: string, label: string) =>
      shiftLines(
        linesOf(s, metric, () => label),
        WEEK,
        'a week earlier',
      );
    return {
      latency: shift('latency.p95', 'p95'),
      throughput: shift('callsPerMinute', 'calls/min'),
      cost: shift('costPerCall', 'cost / prediction'),
    };
  }, [isCompared, lastWeek]);
  const errorLines = useMemo(
    () =>
      errors.status === 'ok' ? linesOf(errors.data.series, 'errorRate', (x) => x.endpoint || '(no endpoint)') : [],
    [errors],
  );

  return (
    <>
      <div className="filters">
        {alerting.status === 'loading' ? (
          <span className="badge idle" data-testid="model-status">
            checking…
          </span>
        ) : (
          <span className={`badge ${status}`} title={reason} data-testid="model-status">
            {status}
          </span>
        )}
        {alerts ? (
          <AlertStateLinks alerts={alerts} testId="model-alerts" />
        ) : alerting.status === 'error' ? (
          <span className="muted small">alert state unavailable: {alerting.error.message}</span>
        ) : null}
        <span className="muted">
          {m.modelType ?? 'type unknown'} · versions {m.versions.join(', ') || '—'}
        </span>
        <label className="endpoint-filter">
          Endpoint{' '}
          <select
            value={endpoint ?? ''}
            onChange={(e) => updateQuery({ endpoint: e.target.value || undefined })}
            data-testid="endpoint-filter"
          >
            <option value="">All endpoints</option>
            {m.endpoints.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <label className="check small" title="Draw the same range a week earlier as dashed lines">
          <input
            type="checkbox"
            checked={isCompared}
            onChange={(e) => updateQuery({ compare: e.target.checked ? 'week' : undefined })}
            data-testid="compare-week"
          />{' '}
          Compare with last week
        </label>
        <label
          className="endpoint-filter"
          title="Calls carrying one tag value; tags of events get rollups of their own (up to 100 values per tag)"
        >
          Segment{' '}
          <select
            value={segment ?? ''}
            onChange={(e) => updateQuery({ segment: e.target.value || undefined })}
            data-testid="segment-filter"
          >
            <option value="">All calls</option>
            {segmentOptions.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
      </div>

      {spec.kind === 'preset' ? (
        <>
          <p className="muted small">
            Headline numbers: last {spec.range}, all endpoints{segment ? ' and segments' : ''}.
          </p>
          <div className="tiles" data-testid="model-tiles">
            <StatTile label="Calls" value={formatCount(h.calls)} testId="tile-calls" />
            <StatTile label="Calls/min" value={formatRate(h.callsPerMinute)} testId="tile-cpm" />
            <StatTile label="p50" value={formatMs(h.latencyP50)} testId="tile-p50" />
            <StatTile label="p95" value={formatMs(h.latencyP95)} testId="tile-p95" />
            <StatTile label="p99" value={formatMs(h.latencyP99)} testId="tile-p99" />
            <StatTile label="Error rate" value={formatPercent(h.errorRate)} testId="tile-error-rate" />
            <StatTile label="Cost / prediction" value={formatUsd(h.costPerCall)} testId="tile-cost" />
            {isLlm && (
              <StatTile
                label="Tokens in / out"
                value={`${formatCount(h.inputTokens)} / ${formatCount(h.outputTokens)}`}
                testId="tile-tokens"
              />
            )}
          </div>
        </>
      ) : (
        <p className="muted small">Headline numbers cover preset ranges only; the charts show {describeRange(spec)}.</p>
      )}

      <StateView state={health} label="metrics">
        {() =>
          charts && (
            <div className="chart-grid">
              <ChartCard
                title="Latency"
                note={`p50 / p95 / p99 per ${formatStep(charts.step)}`}
                testId="chart-latency"
                lines={charts.latency}
                format={formatMs}
                marks={marks}
                comparison={compared?.latency}
              />
              <ChartCard
                title="Throughput"
                note="calls per minute"
                testId="chart-throughput"
                lines={charts.throughput}
                format={formatRate}
                marks={marks}
                comparison={compared?.throughput}
              />
              <StateView state={errors} label="error rates">
                {() => (
                  <ChartCard
                    title="Error rate by endpoint"
                    note={`per ${formatStep(charts.step)}`}
                    testId="chart-errors"
                    lines={errorLines}
                    format={formatPercent}
                    marks={marks}
                  />
                )}
              </StateView>
              <ChartCard
                title="Cost per prediction"
                note="USD"
                testId="chart-cost"
                lines={charts.cost}
                format={formatUsd}
                marks={marks}
                comparison={compared?.cost}
              />
              {isLlm && (
                <ChartCard
                  title="Tokens"
                  note={`per ${formatStep(charts.step)}`}
                  testId="chart-tokens"
                  lines={charts.tokens}
                  format={formatCount}
                />
              )}
            </div>
          )
        }
      </StateView>

      {eventId && <EventDetail model={m.model} requestId={eventId} />}
      <h2 className="section-title">Recent calls</h2>
      <p className="muted small">Select a call to open it as stored.</p>
      <StateView state={events} label="recent calls">
        {(page) =>
          page.events.length === 0 ? (
            <p className="state empty">No stored calls.</p>
          ) : (
            <table className="data-table responsive" data-testid="events-table">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Endpoint</th>
                  <th>Status</th>
                  <th className="num">Latency</th>
                  <th className="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                {page.events.map((e) => (
                  <tr
                    key={e.requestId}
                    className="row-link"
                    tabIndex={0}
                    data-testid="event-row"
                    aria-selected={e.requestId === eventId}
                    onClick={() => updateQuery({ event: e.requestId })}
                    onKeyDown={(k) => k.key === 'Enter' && updateQuery({ event: e.requestId })}
                  >
                    <td data-label="Time">
                      <Time value={e.timestamp} />
                    </td>
                    <td data-label="Endpoint">{e.endpoint ?? '—'}</td>
                    <td data-label="Status">
                      <span className={e.status === 'error' ? 'badge degraded' : 'badge healthy'}>{e.status}</span>
                      {typeof e.event.errorType === 'string' ? (
                        <span className="muted small"> {e.event.errorType}</span>
                      ) : null}
                    </td>
                    <td data-label="Latency" className="num">
                      {formatMs(typeof e.event.latencyMs === 'number' ? e.event.latencyMs : null)}
                    </td>
                    <td data-label="Cost" className="num">
                      {formatUsd(typeof e.event.costUsd === 'number' ? e.event.costUsd : null)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </StateView>
    </>
  );
}
