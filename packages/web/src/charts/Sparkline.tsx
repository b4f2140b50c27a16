import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { countValues, toAlignedData, type ChartLine } from './chart-data.js';

/** A 120×32 uPlot line with no axes, for table rows. */
/** `loading`: the series is not in yet, so nothing is drawn ("—" would claim there is no data). */
export function Sparkline({
  line,
  testId,
  loading = false,
}: {
  line: ChartLine | undefined;
  testId: string;
  loading?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const lines = line ? [line] : [];
  const values = countValues(lines);
  useEffect(() => {
    const el = box.current;
    if (!el || !line || values === 0) return;
    const plot = new uPlot(
      {
        width: 120,
        height: 32,
        legend: { show: false },
        cursor: { show: false },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        series: [{}, { stroke: '#2563eb', width: 1.25, fill: 'rgba(37,99,235,0.08)', points: { show: false } }],
      },
      toAlignedData([line]),
      el,
    );
    return () => plot.destroy();
  }, [line, values]);
  return (
    <div className="sparkline" data-testid={testId} data-points={values}>
      {loading ? null : values === 0 ? (
        <span className="muted" title="No calls in this range">
          —
        </span>
      ) : (
        <div ref={box} />
      )}
    </div>
  );
}
