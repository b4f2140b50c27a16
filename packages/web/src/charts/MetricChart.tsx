import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { PALETTE, countValues, toAlignedData, type ChartLine } from './chart-data.js';

/**
 * A titled uPlot chart for sparse model-health series (accuracy exists only in buckets whose labels
 * arrived): unlike the API-health TimeChart it marks every value with a point, so a lone day is visible.
 * The wrapper exposes `data-points` (non-null values drawn) like TimeChart, for the browser tests.
 */
export function MetricChart(props: {
  title: string;
  note?: string;
  testId: string;
  lines: ChartLine[];
  format: (v: number | null) => string;
  height?: number;
}) {
  const { testId, lines, format, height = 220 } = props;
  const box = useRef<HTMLDivElement>(null);
  const values = countValues(lines);
  useEffect(() => {
    const el = box.current;
    if (!el || values === 0) return;
    const axis = { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' } };
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [
        axis,
        {
          ...axis,
          values: (_u, splits) => splits.map((v) => format(v)),
          size: (_u, v) => (v ? Math.max(40, ...v.map((s) => String(s).length * 7 + 18)) : 50),
        },
      ],
      series: [
        {},
        ...lines.map((l, i) => ({
          label: l.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          points: { show: true, size: 5, fill: PALETTE[i % PALETTE.length] },
          value: (_u: uPlot, v: number | null) => format(v),
        })),
      ],
    };
    const plot = new uPlot(opts, toAlignedData(lines), el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [lines, format, height, values]);
  return (
    <figure className="card chart-card">
      <figcaption>
        <h2>{props.title}</h2>
        {props.note && <span className="muted small">{props.note}</span>}
      </figcaption>
      <div className="chart" data-testid={testId} data-points={values} data-series={lines.length}>
        {values === 0 ? <p className="empty">No data in this range</p> : <div ref={box} className="chart-canvas" />}
      </div>
    </figure>
  );
}
