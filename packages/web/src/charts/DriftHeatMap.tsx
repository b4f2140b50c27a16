import { formatTime } from '../format/format-time.js';
import type { DriftTimelineResult } from '@vigil/protocol';
import { formatStatistic } from '../format/model-health-format.js';

/**
 * Columns × time: a cell per column and bucket, red where the column drifted, green where it did not,
 * grey where the bucket had no values. Darker red means a larger distance (or a smaller p-value).
 * Every cell carries its statistic in a tooltip; nothing is interpolated.
 */
export function DriftHeatMap({ timeline }: { timeline: DriftTimelineResult }) {
  const cols = timeline.buckets.length;
  const cell = Math.max(6, Math.min(28, Math.floor(900 / Math.max(cols, 1))));
  const labelWidth = 170;
  const rowHeight = 20;
  const width = labelWidth + cols * cell;
  const height = timeline.columns.length * rowHeight + 22;
  const drifted = timeline.columns.reduce((n, c) => n + c.drifted.filter((d) => d === true).length, 0);
  const fmtTime = formatTime;
  return (
    <div className="heatmap-scroll">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label="Drift over time per column"
        data-testid="drift-heatmap"
        data-rows={timeline.columns.length}
        data-buckets={cols}
        data-drifted-cells={drifted}
      >
        {timeline.columns.map((c, r) => (
          <g key={`${c.group}:${c.name}`} transform={`translate(0, ${r * rowHeight})`}>
            <text x={labelWidth - 8} y={rowHeight / 2 + 4} textAnchor="end" className="heatmap-label">
              {c.name}
            </text>
            {timeline.buckets.map((start, i) => {
              const d = c.drifted[i];
              const fill =
                d === null || d === undefined
                  ? '#e2e8f0'
                  : d
                    ? driftShade(c.method, c.statistic[i] ?? null, c.pValue[i] ?? null, c.threshold)
                    : '#bbf7d0';
              const what =
                c.method && (c.method === 'ks' || c.method === 'chisquare')
                  ? `p = ${formatStatistic(c.pValue[i] ?? null)}`
                  : `${c.method ?? ''} = ${formatStatistic(c.statistic[i] ?? null)}`;
              return (
                <rect
                  key={start}
                  x={labelWidth + i * cell}
                  y={1}
                  width={cell - 1}
                  height={rowHeight - 2}
                  fill={fill}
                  data-drifted={d === null ? 'none' : String(d)}
                >
                  <title>{`${c.name} · ${fmtTime(start)} · ${d === null ? 'no values' : `${what}${d ? ' · drifted' : ''}`}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
        <text x={labelWidth} y={height - 6} className="heatmap-axis">
          {timeline.buckets.length ? fmtTime(timeline.buckets[0]!) : ''}
        </text>
        <text x={width - 2} y={height - 6} textAnchor="end" className="heatmap-axis">
          {timeline.buckets.length ? fmtTime(timeline.buckets[cols - 1]!) : ''}
        </text>
      </svg>
    </div>
  );
}

function driftShade(
  method: string | null,
  statistic: number | null,
  pValue: number | null,
  threshold: number | null,
): string {
  // How far past the threshold: distances as a multiple of it, p-values in decades below it.
  let strength = 1;
  if ((method === 'ks' || method === 'chisquare') && pValue !== null && threshold)
    strength = Math.log10(threshold / Math.max(pValue, 1e-300)) / 4;
  else if (statistic !== null && threshold) strength = statistic / threshold / 4;
  const t = Math.max(0, Math.min(1, strength));
  const light = [252, 165, 165];
  const dark = [185, 28, 28];
  const c = light.map((l, k) => Math.round(l + (dark[k]! - l) * t));
  return `rgb(${c.join(',')})`;
}
