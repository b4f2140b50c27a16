import type { ChartLine } from './chart-data.js';
import { TimeChart } from './TimeChart.js';

/** A titled panel around a TimeChart. */
export function ChartCard(props: {
  title: string;
  note?: string;
  testId: string;
  lines: ChartLine[];
  format: (v: number | null) => string;
}) {
  return (
    <figure className="card chart-card">
      <figcaption>
        <h2>{props.title}</h2>
        {props.note && <span className="muted small">{props.note}</span>}
      </figcaption>
      <TimeChart testId={props.testId} lines={props.lines} format={props.format} />
    </figure>
  );
}
