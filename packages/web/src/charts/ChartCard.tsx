import { useState } from 'react';
import type { ChartLine } from './chart-data.js';
import { TimeChart, type ChartMark, type ChartThreshold } from './TimeChart.js';

/**
 * A titled panel around a TimeChart, with a log-scale switch. `comparison` lines (e.g. last week) are drawn
 * dashed when given.
 */
export function ChartCard(props: {
  title: string;
  note?: string;
  testId: string;
  lines: ChartLine[];
  format: (v: number | null) => string;
  thresholds?: ChartThreshold[];
  marks?: ChartMark[];
  comparison?: ChartLine[];
  /** Offer the log-scale switch (charts whose lines differ by orders of magnitude). Default true. */
  canLog?: boolean;
}) {
  const [isLog, setIsLog] = useState(false);
  const canLog = props.canLog ?? true;
  return (
    <figure className="card chart-card">
      <figcaption>
        <h2>{props.title}</h2>
        {props.note && <span className="muted small">{props.note}</span>}
        {canLog && (
          <label className="chart-toggle small">
            <input
              type="checkbox"
              checked={isLog}
              onChange={(e) => setIsLog(e.target.checked)}
              data-testid={`${props.testId}-log`}
            />{' '}
            log scale
          </label>
        )}
      </figcaption>
      <TimeChart
        testId={props.testId}
        lines={props.lines}
        format={props.format}
        thresholds={props.thresholds}
        marks={props.marks}
        comparison={props.comparison}
        isLog={isLog}
      />
    </figure>
  );
}
