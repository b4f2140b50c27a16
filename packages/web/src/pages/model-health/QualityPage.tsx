import type { QualityResult } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { StatTile } from '../../components/StatTile.js';
import { formatCount } from '../../format/format-value.js';
import { formatShare } from '../../format/model-health-format.js';
import type { RangeSpec } from '../../routing/time-range.js';
import { useWindow } from './use-window.js';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** Data-quality findings and per-column numbers of the window, against the stored reference when there is one. */
export function QualityPage({ model, spec, endpoint }: { model: string; spec: RangeSpec; endpoint?: string }) {
  const w = useWindow(spec);
  const quality = useApi<QualityResult>(`/api/v1/models/${encodeURIComponent(model)}/quality`, {
    from: w.from,
    to: w.to,
    endpoint,
  });
  return (
    <StateView state={quality} label="data quality">
      {(q) => {
        const findings = [...q.findings].sort(
          (a, b) =>
            SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.feature ?? '').localeCompare(b.feature ?? ''),
        );
        const count = (s: string) => q.findings.filter((f) => f.severity === s).length;
        const features = Object.entries(q.features).sort((a, b) => a[0].localeCompare(b[0]));
        return (
          <>
            <div className="tiles" data-testid="quality-tiles">
              <StatTile label="Rows" value={formatCount(q.rows)} testId="tile-rows" />
              <StatTile label="Critical" value={formatCount(count('critical'))} testId="tile-critical" />
              <StatTile label="Warnings" value={formatCount(count('warning'))} testId="tile-warnings" />
              <StatTile
                label="Duplicate request ids"
                value={formatCount(q.duplicateRequestIds)}
                testId="tile-duplicates"
              />
            </div>
            <p className="muted small note">
              {q.reference
                ? `Compared with the stored reference (${formatCount(q.reference.rows)} rows): missing rates, types, ranges and categories learned from it.`
                : 'No stored reference: rates are judged on their own; ranges, unseen categories and schema changes need a reference.'}
            </p>
            {q.windowNote && <p className="notice small">{q.windowNote}</p>}
            <p className="muted small" data-testid="quality-endpoints">
              What each endpoint sends:{' '}
              {q.endpoints.length === 0
                ? 'no calls in this window.'
                : q.endpoints
                    .map(
                      (e) =>
                        `${e.endpoint || '(no endpoint)'} — ${formatCount(e.rows)} calls, ${e.columns.filter((c) => !c.startsWith('output:')).join(', ') || 'no features'}`,
                    )
                    .join('; ')}
              . A feature's missing rate counts only the calls of the endpoints that send it.
            </p>
            <h2 className="section-title">Findings</h2>
            {findings.length === 0 ? (
              <p className="state empty" data-testid="no-findings">
                No data-quality problems in this window.
              </p>
            ) : (
              <table className="data-table responsive" data-testid="findings-table">
                <thead>
                  <tr>
                    <th>Severity</th>
                    <th>Check</th>
                    <th>Column</th>
                    <th className="num">Rate</th>
                    <th className="num">Reference</th>
                    <th className="num">Count</th>
                    <th>Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {findings.map((f, i) => (
                    <tr key={i} data-testid="finding-row" data-check={f.check} data-feature={f.feature ?? ''}>
                      <td data-label="Severity">
                        <span className={`badge ${f.severity}`}>{f.severity}</span>
                      </td>
                      <td data-label="Check">{f.check.replaceAll('_', ' ')}</td>
                      <td data-label="Column">{f.feature ?? '—'}</td>
                      <td data-label="Rate" className="num" data-testid="cell-rate">
                        {formatShare(f.rate)}
                      </td>
                      <td data-label="Reference" className="num">
                        {formatShare(f.referenceRate)}
                      </td>
                      <td data-label="Count" className="num" data-testid="cell-count">
                        {formatCount(f.count)}
                      </td>
                      <td data-label="Detail" className="small">
                        {f.message}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h2 className="section-title">Columns</h2>
            <table className="data-table responsive" data-testid="quality-columns-table">
              <thead>
                <tr>
                  <th>Column</th>
                  <th>Type</th>
                  <th className="num">Missing</th>
                  <th className="num">Reference missing</th>
                  <th className="num">Type mismatch</th>
                  <th className="num">Out of range</th>
                  <th className="num">Unseen categories</th>
                  <th>Constant</th>
                  <th>Sent by</th>
                </tr>
              </thead>
              <tbody>
                {features.map(([name, f]) => (
                  <tr key={name} data-testid="quality-column-row" data-column={name}>
                    <td data-label="Column">{name}</td>
                    <td data-label="Type">{f.expectedType ?? '—'}</td>
                    <td data-label="Missing" className="num" data-testid="cell-missing">
                      {formatShare(f.missingRate)}
                    </td>
                    <td data-label="Reference missing" className="num">
                      {formatShare(f.referenceMissingRate)}
                    </td>
                    <td data-label="Type mismatch" className="num">
                      {formatShare(f.typeMismatchRate)}
                    </td>
                    <td data-label="Out of range" className="num">
                      {formatShare(f.outOfRangeRate)}
                    </td>
                    <td data-label="Unseen categories" className="num">
                      {formatShare(f.unseenCategoryRate)}
                    </td>
                    <td data-label="Constant">{f.isConstant ? 'yes' : 'no'}</td>
                    <td data-label="Sent by" className="small" data-testid="cell-sent-by">
                      {(q.sentBy[name] ?? []).map((e) => e || '(no endpoint)').join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        );
      }}
    </StateView>
  );
}
