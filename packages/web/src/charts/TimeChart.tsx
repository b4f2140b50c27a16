import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { PALETTE, countValues, toAlignedData, type ChartLine } from './chart-data.js';

export interface TimeChartProps {
  testId: string;
  lines: ChartLine[];
  /** Formats y values on the axis and in the legend. */
  format: (v: number | null) => string;
  height?: number;
}

/**
 * A uPlot line chart that fills its container's width. The wrapper exposes `data-points` (non-null values
 * drawn) and `data-series` so tests can check the chart holds the API's data.
 */
export function TimeChart({ testId, lines, format, height = 220 }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const values = countValues(lines);
  useEffect(() => {
    const el = box.current;
    if (!el || values === 0) return;
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' } },
        {
          stroke: '#64748b',
          grid: { stroke: '#eef2f7' },
          ticks: { stroke: '#e2e8f0' },
          values: (_u, splits) => splits.map((v) => format(v)),
          // Wide enough for the longest tick label ("$0.00004", "1,234 ms") at the 12 px axis font.
          size: (_u, values) => (values ? Math.max(40, ...values.map((v) => String(v).length * 7 + 18)) : 50),
        },
      ],
      series: [
        {},
        ...lines.map((l, i) => ({
          label: l.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          points: { show: false },
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
    <div className="chart" data-testid={testId} data-points={values} data-series={lines.length}>
      {values === 0 ? <p className="empty">No data in this range</p> : <div ref={box} className="chart-canvas" />}
    </div>
  );
}
