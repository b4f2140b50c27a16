import { Time } from '../../components/Time.js';
import { formatTime } from '../../format/format-time.js';
import type { DriftResult, DriftTimelineResult } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { DriftHeatMap } from '../../charts/DriftHeatMap.js';
import { DriftHistogramChart } from '../../charts/DriftHistogramChart.js';
import { StateView } from '../../components/StateView.js';
import { StatTile } from '../../components/StatTile.js';
import { formatCount, formatStep } from '../../format/format-value.js';
import { formatShare, formatStatistic } from '../../format/model-health-format.js';
import { updateQuery, useLocation } from '../../routing/router.js';
import { describeRange, type RangeSpec } from '../../routing/time-range.js';
import { useWindow } from './use-window.js';

/**
 * `ref=stored` (default) compares with the model's stored reference; `ref=previous` with the period of the
 * same length just before the window.
 */
export function DriftPage({ model, spec, endpoint }: { model: string; spec: RangeSpec; endpoint?: string }) {
  const { query } = useLocation();
  const ref = query.get('ref') === 'previous' ? 'previous' : 'stored';
  const w = useWindow(spec);
  // The server picks the previous period from the window it compares (widened to whole hours), so the two never overlap.
  const reference = ref === 'previous' ? 'previous' : 'stored';
  const params = { from: w.from, to: w.to, reference, endpoint };
  const path = `/api/v1/models/${encodeURIComponent(model)}/drift` as const;
  const drift = useApi<DriftResult>(path, params);
  const timeline = useApi<DriftTimelineResult>(`${path}/timeline`, params);
  const noStored = drift.status === 'error' && ref === 'stored' && /no stored reference/.test(drift.error.message);

  return (
    <>
      <div className="filters">
        <label className="reference-picker">
          Reference{' '}
          <select
            value={ref}
            onChange={(e) => updateQuery({ ref: e.target.value === 'previous' ? 'previous' : undefined })}
            data-testid="reference-picker"
          >
            <option value="stored">Stored reference</option>
            <option value="previous">Previous period</option>
          </select>
        </label>
        <span className="muted small">
          Current window: {describeRange(spec)}
          {endpoint ? `, ${endpoint} only` : ''}.
        </span>
      </div>
      {noStored ? (
        <p className="state empty" data-testid="no-reference">
          No reference is stored for {model}. Set one with <code>POST /api/v1/models/{model}/reference</code> (a window
          of its traffic or a CSV / JSON Lines dataset), or{' '}
          <button type="button" onClick={() => updateQuery({ ref: 'previous' })}>
            compare with the previous period
          </button>
          .
        </p>
      ) : (
        <StateView state={drift} label="drift">
          {(d) => <DriftBody d={d} />}
        </StateView>
      )}
      {!noStored && (
        <>
          <h2 className="section-title">Drift over time</h2>
          <StateView state={timeline} label="the drift timeline">
            {(t) =>
              t.columns.length === 0 ? (
                <p className="state empty">No columns to compare.</p>
              ) : (
                <figure className="card">
                  <figcaption className="muted small">
                    One cell per column and {formatStep(t.step)}:{' '}
                    <span className="legend-swatch" style={{ background: '#b91c1c' }} />
                    drifted <span className="legend-swatch" style={{ background: '#bbf7d0' }} />
                    not drifted <span className="legend-swatch" style={{ background: '#e2e8f0' }} />
                    no values
                  </figcaption>
                  <DriftHeatMap timeline={t} />
                </figure>
              )
            }
          </StateView>
        </>
      )}
    </>
  );
}

function DriftBody({ d }: { d: DriftResult }) {
  const note = d.windowNote;
  const drifted = d.columns.filter((c) => c.drifted).length;
  const ref = d.reference;
  const refText =
    ref.kind === 'dataset'
      ? `an uploaded dataset of ${formatCount(ref.rows)} rows`
      : `${formatCount(ref.rows)} events from ${formatTime(ref.window!.from)} to ${formatTime(ref.window!.to)}`;
  return (
    <>
      <div className="tiles" data-testid="drift-tiles">
        <StatTile label="Dataset drift" value={d.datasetDrift ? 'yes' : 'no'} testId="tile-dataset-drift" />
        <StatTile label="Drifted columns" value={`${drifted} / ${d.columns.length}`} testId="tile-drifted-columns" />
        <StatTile label="Drifted share" value={formatShare(d.driftedShare)} testId="tile-drifted-share" />
        <StatTile label="Current rows" value={formatCount(d.currentRows)} testId="tile-current-rows" />
        <StatTile label="Reference rows" value={formatCount(ref.rows)} testId="tile-reference-rows" />
      </div>
      {note && (
        <p className="notice small" data-testid="window-note">
          {note}
        </p>
      )}
      <p className="muted small note">
        Compared: <Time value={d.window.from} /> – <Time value={d.window.to} /> against the reference, never overlapping
        it. Reference: {refText}. Numerical columns are compared on samples rebuilt from hourly quantile sketches
        (values within 1 %); histograms share one binning (
        <span className="legend-swatch" style={{ background: '#94a3b8' }} />
        reference <span className="legend-swatch" style={{ background: '#2563eb' }} />
        current).
      </p>
      {d.columns.length === 0 ? (
        <p className="state empty">The reference has no columns to compare.</p>
      ) : (
        <table className="data-table responsive" data-testid="drift-table">
          <thead>
            <tr>
              <th>Column</th>
              <th>Kind</th>
              <th>Method</th>
              <th className="num">Statistic</th>
              <th className="num">p-value</th>
              <th className="num">Threshold</th>
              <th>Drift</th>
              <th>Reference vs current</th>
            </tr>
          </thead>
          <tbody>
            {d.columns.map((c) => (
              <tr key={`${c.group}:${c.name}`} data-testid="drift-row" data-column={c.name}>
                <td data-label="Column">
                  <strong>{c.name}</strong>
                  {c.group === 'output' && <span className="muted small"> output</span>}
                </td>
                <td data-label="Kind">{c.kind}</td>
                <td data-label="Method">{c.method}</td>
                <td data-label="Statistic" className="num" data-testid="cell-statistic">
                  {formatStatistic(c.statistic)}
                </td>
                <td data-label="p-value" className="num" data-testid="cell-pvalue">
                  {formatStatistic(c.pValue)}
                </td>
                <td data-label="Threshold" className="num">
                  {formatStatistic(c.threshold)}
                </td>
                <td data-label="Drift">
                  <span className={`badge ${c.drifted ? 'drifted' : 'stable'}`} data-testid="cell-drifted">
                    {c.statistic === null ? 'no data' : c.drifted ? 'drifted' : 'stable'}
                  </span>
                </td>
                <td data-label="Histogram">
                  <DriftHistogramChart column={c.name} reference={c.reference} current={c.current} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
