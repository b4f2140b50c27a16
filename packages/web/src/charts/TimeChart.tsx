import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { PALETTE, countValues, toAlignedData, type ChartLine } from './chart-data.js';
import { formatTime } from '../format/format-time.js';

/** A horizontal line at a value: a rule's threshold. */
export interface ChartThreshold {
  value: number;
  label: string;
}

/** A vertical mark at a moment: an incident opening, a model version going live. */
export interface ChartMark {
  at: number;
  label: string;
  kind: 'incident' | 'version';
}

export interface TimeChartProps {
  testId: string;
  lines: ChartLine[];
  /** Formats y values on the axis and in the legend. */
  format: (v: number | null) => string;
  height?: number;
  thresholds?: ChartThreshold[];
  marks?: ChartMark[];
  /** Log-scaled y axis (values ≤ 0 are not drawn). */
  isLog?: boolean;
  /** Lines drawn dashed beside `lines` (e.g. the same series a week earlier, shifted onto this range). */
  comparison?: ChartLine[];
  /** Draw a point at every value (sparse series such as daily accuracy). */
  hasPoints?: boolean;
}

const MARK_COLOURS = { incident: '#dc2626', version: '#7c3aed' } as const;

/**
 * A uPlot line chart that fills its container's width, with optional threshold lines, incident and version
 * marks, a log scale and dashed comparison lines. Missing values (null) are gaps, never zeros. The wrapper
 * exposes `data-points` (non-null values drawn), `data-series`, `data-thresholds` and `data-marks` for tests.
 */
export function TimeChart({
  testId,
  lines,
  format,
  height = 220,
  thresholds = [],
  marks = [],
  isLog = false,
  comparison = [],
  hasPoints = false,
}: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const values = countValues(lines);
  // Only marks inside the range are drawn and listed.
  const xMin = lines[0]?.points[0]?.[0];
  const xMax = lines[0]?.points.at(-1)?.[0];
  const visibleMarks = marks.filter(
    (m) =>
      xMin === undefined ||
      xMax === undefined ||
      (m.at >= xMin && m.at < xMax + (lines[0]!.points.length > 1 ? lines[0]!.points[1]![0] - xMin : 0)),
  );
  useEffect(() => {
    const el = box.current;
    if (!el || values === 0) return;
    const axis = { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' } };
    const yRange: uPlot.Scale.Range = (_u, min, max) => {
      const hi = Math.max(max, ...thresholds.map((t) => t.value));
      const lo = Math.min(min, ...thresholds.map((t) => t.value));
      return [Math.min(0, lo), hi > 0 ? hi * 1.1 : 1];
    };
    const xMin = lines[0]?.points[0]?.[0];
    const xMax = lines[0]?.points.at(-1)?.[0];
    const visibleMarks = marks.filter(
      (m) => xMin === undefined || xMax === undefined || (m.at >= xMin && m.at <= xMax),
    );
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: isLog ? { distr: 3, log: 10 } : { range: yRange },
      },
      axes: [
        axis,
        {
          ...axis,
          values: (_u, splits) => splits.map((v) => format(v)),
          // Wide enough for the longest tick label ("$0.00004", "1,234 ms") at the 12 px axis font.
          size: (_u, v) => (v ? Math.max(40, ...v.map((s) => String(s).length * 7 + 18)) : 50),
        },
      ],
      series: [
        {},
        ...lines.map((l, i) => ({
          label: l.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          points: hasPoints ? { show: true, size: 5, fill: PALETTE[i % PALETTE.length] } : { show: false },
          value: (_u: uPlot, v: number | null) => format(v),
        })),
        ...comparison.map((l, i) => ({
          label: l.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 1,
          dash: [5, 4],
          alpha: 0.7,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => format(v),
        })),
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
            for (const t of thresholds) {
              const y = u.valToPos(t.value, 'y', true);
              if (!Number.isFinite(y)) continue;
              ctx.strokeStyle = '#dc2626';
              ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(u.bbox.left, y);
              ctx.lineTo(u.bbox.left + u.bbox.width, y);
              ctx.stroke();
              ctx.fillStyle = '#dc2626';
              ctx.fillText(t.label, u.bbox.left + 4 * devicePixelRatio, y - 4 * devicePixelRatio);
            }
            ctx.setLineDash([]);
            for (const m of visibleMarks) {
              const x = u.valToPos(m.at / 1000, 'x', true);
              if (!Number.isFinite(x)) continue;
              ctx.strokeStyle = MARK_COLOURS[m.kind];
              ctx.globalAlpha = 0.75;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.globalAlpha = 1;
              ctx.fillStyle = MARK_COLOURS[m.kind];
              ctx.fillText(
                m.kind === 'version' ? m.label : '▲',
                x + 3 * devicePixelRatio,
                u.bbox.top + 12 * devicePixelRatio,
              );
            }
            ctx.restore();
          },
        ],
      },
    };
    const data = toAlignedData(lines, comparison);
    const plot = new uPlot(opts, isLog ? positiveOnly(data) : data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [lines, format, height, values, thresholds, marks, isLog, comparison, hasPoints]);
  return (
    <div
      className="chart"
      data-testid={testId}
      data-points={values}
      data-series={lines.length}
      data-thresholds={thresholds.map((t) => t.value).join(',')}
      data-marks={visibleMarks.length}
      data-log={isLog ? 'true' : 'false'}
      data-comparison={comparison.length}
    >
      {values === 0 ? (
        <p className="empty">No data in this range</p>
      ) : (
        <>
          <div ref={box} className="chart-canvas" />
          {visibleMarks.length > 0 && (
            <ul className="chart-marks small" data-testid={`${testId}-marks`}>
              {visibleMarks.map((m) => (
                <li key={`${m.kind}-${m.at}-${m.label}`} className={`mark-${m.kind}`} title={m.label}>
                  <span className="mark-swatch" style={{ background: MARK_COLOURS[m.kind] }} />
                  {formatTime(m.at)} {m.label}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** Log scales cannot draw 0 or negatives: those points become gaps. */
function positiveOnly(data: uPlot.AlignedData): uPlot.AlignedData {
  return [
    data[0],
    ...data.slice(1).map((col) => (col as Array<number | null>).map((v) => (v !== null && v > 0 ? v : null))),
  ];
}
