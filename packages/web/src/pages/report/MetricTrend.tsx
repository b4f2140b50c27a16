import type { ScorecardMetric } from '@vigil/protocol';
import { formatMetricValue, formatTrendPoint } from './report-format.js';

const PAD = 4;
const SCALE_WIDTH = 52;

/**
 * A scorecard metric's trend as a small SVG (vector, so it prints sharply): one dot per point the API
 * returned, placed by its date, joined while consecutive points have values. A null value breaks the line
 * and gets no dot; nothing is drawn between points the API did not return. Ratios get a dashed target line;
 * `hasScale` labels the top and bottom of the y axis.
 */
export function MetricTrend({
  metric,
  width,
  height,
  testId,
  hasScale = false,
}: {
  metric: ScorecardMetric;
  width: number;
  height: number;
  testId: string;
  hasScale?: boolean;
}) {
  const points = metric.trend.map((p) => ({ p, t: Date.parse(p.periodStart) }));
  const values = points.filter((x) => x.p.value !== null).map((x) => x.p.value as number);
  if (values.length === 0) {
    return (
      <span className="muted small" data-testid={`${testId}-empty`}>
        {metric.trend.length === 0 ? 'no history yet' : 'no values'}
      </span>
    );
  }
  const t0 = Math.min(...points.map((x) => x.t));
  const t1 = Math.max(...points.map((x) => x.t));
  const isRatio = metric.unit === 'ratio';
  const yMax = isRatio ? Math.max(1, ...values) : Math.max(...values) * 1.1 || 1;
  const left = PAD + (hasScale ? SCALE_WIDTH : 0);
  const x = (t: number) => (t1 === t0 ? (left + width) / 2 : left + ((t - t0) / (t1 - t0)) * (width - left - PAD));
  const y = (v: number) => height - PAD - (v / yMax) * (height - 2 * PAD);
  const runs: string[] = [];
  let run: string[] = [];
  for (const { p, t } of points) {
    if (p.value === null) {
      if (run.length > 1) runs.push(run.join(' '));
      run = [];
    } else run.push(`${x(t).toFixed(1)},${y(p.value).toFixed(1)}`);
  }
  if (run.length > 1) runs.push(run.join(' '));
  const labels = metric.trend.map((p) => formatTrendPoint(metric, p));
  return (
    <svg
      className="report-trend"
      data-testid={testId}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${metric.title}: ${labels.join(', ')}`}
    >
      {hasScale && (
        <g className="report-trend-scale">
          <text x={SCALE_WIDTH - 4} y={y(yMax) + 4} textAnchor="end">
            {formatMetricValue({ current: yMax, unit: metric.unit })}
          </text>
          <text x={SCALE_WIDTH - 4} y={y(0)} textAnchor="end">
            {formatMetricValue({ current: 0, unit: metric.unit })}
          </text>
          <line x1={left - 2} x2={left - 2} y1={y(yMax)} y2={y(0)} />
        </g>
      )}
      {isRatio && (
        <line
          className="report-trend-target"
          x1={hasScale ? left - 2 : 0}
          x2={width}
          y1={y(metric.targetValue)}
          y2={y(metric.targetValue)}
        />
      )}
      {runs.map((r) => (
        <polyline key={r} points={r} />
      ))}
      {points.map(({ p, t }, i) =>
        p.value === null ? null : (
          <circle key={p.periodStart} cx={x(t)} cy={y(p.value)} r={2.5} data-testid={`${testId}-point`}>
            <title>{labels[i]}</title>
          </circle>
        ),
      )}
    </svg>
  );
}
