import { useMemo, useState } from 'react';
import type { DashboardPanel, MetricSummary, PerformanceResult, TimeseriesResult } from '@vigil/protocol';
import { useNow } from '../../api/refresh.js';
import { useApi } from '../../api/use-api.js';
import { TimeChart } from '../../charts/TimeChart.js';
import type { ChartLine } from '../../charts/chart-data.js';
import { StateView } from '../../components/StateView.js';
import { PRESET_RANGES, type PresetRange } from '../../routing/time-range.js';
import { Link } from '../../routing/router.js';
import { METRIC_LABELS, describePanel, formatterOf, isModelMetric } from './panel-format.js';

/** One panel of a dashboard, drawn from the public API: a chart, numbers over the range, or a table. */
export function DashboardPanelView({ panel, range }: { panel: DashboardPanel; range: PresetRange }) {
  const span = PRESET_RANGES[(panel.range ?? range) as PresetRange];
  const now = useNow();
  const time = { from: new Date(now - span).toISOString(), to: new Date(now).toISOString() };
  const [isLog, setIsLog] = useState(false);
  return (
    <figure
      className="card chart-card dashboard-panel"
      data-testid="dashboard-panel"
      data-panel={panel.id}
      data-display={panel.display}
    >
      <figcaption>
        <h2>{panel.title}</h2>
        <span className="muted small">{describePanel(panel, range)}</span>
        {panel.display === 'chart' && (
          <label className="chart-toggle small">
            <input type="checkbox" checked={isLog} onChange={(e) => setIsLog(e.target.checked)} /> log scale
          </label>
        )}
      </figcaption>
      {panel.metrics.some(isModelMetric) ? (
        <ModelHealthPanel panel={panel} time={time} />
      ) : panel.display === 'chart' ? (
        <HealthChart panel={panel} time={time} isLog={isLog} />
      ) : (
        <HealthSummary panel={panel} time={time} />
      )}
    </figure>
  );
}

type Time = { from: string; to: string };

function HealthChart({ panel, time, isLog }: { panel: DashboardPanel; time: Time; isLog: boolean }) {
  const ts = useApi<TimeseriesResult>('/api/v1/metrics/timeseries', {
    metric: panel.metrics.join(','),
    model: panel.model,
    endpoint: panel.endpoint,
    segment: panel.segment,
    groupBy: panel.groupBy,
    ...time,
  });
  const lines = useMemo((): ChartLine[] => {
    if (ts.status !== 'ok') return [];
    return ts.data.series.map((s) => ({
      label: [
        panel.groupBy === 'model' ? s.model : panel.groupBy === 'endpoint' ? s.endpoint || '(no endpoint)' : null,
        panel.metrics.length > 1 || !panel.groupBy ? (METRIC_LABELS[s.metric] ?? s.metric) : null,
      ]
        .filter(Boolean)
        .join(' '),
      points: s.points,
    }));
  }, [ts, panel]);
  return (
    <StateView state={ts} label="the panel">
      {() => (
        <TimeChart
          testId={`panel-${panel.id}-chart`}
          lines={lines}
          format={formatterOf(panel.metrics[0]!)}
          height={200}
          isLog={isLog}
        />
      )}
    </StateView>
  );
}

function HealthSummary({ panel, time }: { panel: DashboardPanel; time: Time }) {
  const summary = useApi<MetricSummary>('/api/v1/metrics/summary', {
    metric: panel.metrics.join(','),
    model: panel.model,
    endpoint: panel.endpoint,
    segment: panel.segment,
    groupBy: panel.display === 'table' ? panel.groupBy : undefined,
    ...time,
  });
  return (
    <StateView state={summary} label="the panel">
      {(s) =>
        panel.display === 'number' ? (
          <div className="panel-numbers">
            {panel.metrics.map((m) => (
              <div key={m} className="panel-number" data-testid="panel-number" data-metric={m}>
                <span className="panel-value">{formatterOf(m)(s.groups[0]?.values[m] ?? null)}</span>
                <span className="muted small">{METRIC_LABELS[m] ?? m}</span>
              </div>
            ))}
          </div>
        ) : s.groups.length === 0 ? (
          <p className="empty">No data in this range</p>
        ) : (
          <table className="data-table responsive small" data-testid="panel-table">
            <thead>
              <tr>
                <th>{panel.groupBy === 'model' ? 'Model' : 'Endpoint'}</th>
                {panel.metrics.map((m) => (
                  <th key={m} className="num">
                    {METRIC_LABELS[m] ?? m}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.groups.map((g) => {
                const key = (panel.groupBy === 'model' ? g.model : g.endpoint) ?? '';
                return (
                  <tr key={key}>
                    <td data-label={panel.groupBy === 'model' ? 'Model' : 'Endpoint'}>
                      {panel.groupBy === 'model' ? (
                        <Link href={`/models/${encodeURIComponent(key)}`}>{key}</Link>
                      ) : (
                        <code>{key || '(no endpoint)'}</code>
                      )}
                    </td>
                    {panel.metrics.map((m) => (
                      <td key={m} data-label={METRIC_LABELS[m] ?? m} className="num">
                        {formatterOf(m)(g.values[m] ?? null)}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      }
    </StateView>
  );
}

interface ModelHealthValues {
  accuracy: number | null;
  labelCoverage: number | null;
  mae: number | null;
  rmse: number | null;
  estimated: { expectedAccuracy: number | null } | null;
}
const pick = (metric: string, x: ModelHealthValues): number | null =>
  metric === 'accuracy.estimated'
    ? (x.estimated?.expectedAccuracy ?? null)
    : (x[metric as 'accuracy' | 'labelCoverage' | 'mae' | 'rmse'] ?? null);

function ModelHealthPanel({ panel, time }: { panel: DashboardPanel; time: Time }) {
  const perf = useApi<PerformanceResult>(`/api/v1/models/${encodeURIComponent(panel.model ?? '')}/performance`, time);
  return (
    <StateView state={perf} label="the panel">
      {(p) => {
        if (panel.display === 'number') {
          const t = p.total;
          const total = {
            accuracy: t.classification?.accuracy ?? null,
            labelCoverage: t.labelCoverage,
            mae: t.regression?.mae ?? null,
            rmse: t.regression?.rmse ?? null,
            estimated: t.estimated,
          };
          return (
            <div className="panel-numbers">
              {panel.metrics.map((m) => (
                <div key={m} className="panel-number" data-testid="panel-number" data-metric={m}>
                  <span className="panel-value">{formatterOf(m)(pick(m, total))}</span>
                  <span className="muted small">{METRIC_LABELS[m] ?? m}</span>
                </div>
              ))}
            </div>
          );
        }
        const lines: ChartLine[] = panel.metrics.map((m) => ({
          label: METRIC_LABELS[m] ?? m,
          points: p.points.map((x) => [x.start, pick(m, x)] as [number, number | null]),
        }));
        return (
          <TimeChart
            testId={`panel-${panel.id}-chart`}
            lines={lines}
            format={formatterOf(panel.metrics[0]!)}
            height={200}
            hasPoints
          />
        );
      }}
    </StateView>
  );
}
