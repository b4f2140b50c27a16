/**
 * One self-contained HTML page for a drift report: inline CSS and inline SVG histograms (reference vs
 * current share per shared bin), no scripts, fonts or URLs, so it opens offline and can be attached to a
 * CI run as a single artifact.
 */
import { escapeXml as esc } from './junit-report.js';
import { explainColumn, formatNumber } from './drift-formatting.js';
import type { BinnedPair } from './histogram-binning.js';
import type { DriftReport } from './drift-types.js';

const MAX_BARS = 30;

export interface HtmlReportMeta {
  reference: string;
  current: string;
  /** Shown in the header; passed in because the renderer reads no clock. */
  generatedAt?: string;
}

function topBins(
  bins: BinnedPair,
  numerical: boolean,
): { labels: string[]; ref: number[]; cur: number[]; hidden: number } {
  const total = (a: Float64Array) => a.reduce((s, v) => s + v, 0) || 1;
  const rt = total(bins.reference);
  const ct = total(bins.current);
  let order = bins.labels.map((_, i) => i);
  let hidden = 0;
  if (!numerical && order.length > MAX_BARS) {
    order.sort(
      (a, b) => bins.reference[b] / rt + bins.current[b] / ct - (bins.reference[a] / rt + bins.current[a] / ct),
    );
    hidden = order.length - MAX_BARS;
    order = order.slice(0, MAX_BARS);
  }
  return {
    labels: order.map((i) => bins.labels[i]),
    ref: order.map((i) => bins.reference[i] / rt),
    cur: order.map((i) => bins.current[i] / ct),
    hidden,
  };
}

function histogramSvg(bins: BinnedPair, numerical: boolean): string {
  const { labels, ref, cur, hidden } = topBins(bins, numerical);
  if (!labels.length) return '<p class="muted">No values.</p>';
  const w = 560;
  const h = 150;
  const pad = 24;
  const max = Math.max(...ref, ...cur, 1e-12);
  const slot = (w - pad) / labels.length;
  const bar = Math.max(1, slot / 2 - 1);
  const parts: string[] = [];
  labels.forEach((label, i) => {
    const x = pad + i * slot;
    const rh = (ref[i] / max) * (h - 20);
    const ch = (cur[i] / max) * (h - 20);
    const tip = `${label}: reference ${(ref[i] * 100).toFixed(2)}%, current ${(cur[i] * 100).toFixed(2)}%`;
    parts.push(
      `<g><title>${esc(tip)}</title><rect class="ref" x="${x.toFixed(1)}" y="${(h - rh).toFixed(1)}" width="${bar.toFixed(1)}" height="${rh.toFixed(1)}"/><rect class="cur" x="${(x + bar).toFixed(1)}" y="${(h - ch).toFixed(1)}" width="${bar.toFixed(1)}" height="${ch.toFixed(1)}"/></g>`,
    );
  });
  const first = esc(labels[0]);
  const last = esc(labels[labels.length - 1]);
  const axis = `<text x="${pad}" y="${h + 14}" class="axis">${first}</text><text x="${w}" y="${h + 14}" class="axis" text-anchor="end">${last}</text>`;
  const note = hidden ? `<p class="muted">${hidden} smaller categories not shown.</p>` : '';
  return `<svg viewBox="0 0 ${w} ${h + 18}" width="${w}" height="${h + 18}" role="img" aria-label="reference and current shares per bin"><line x1="${pad}" y1="${h}" x2="${w}" y2="${h}" class="base"/>${parts.join('')}${axis}</svg>${note}`;
}

/**
 * @example writeFileSync('drift.html', renderDriftHtml(report, bins, { reference: 'ref.csv', current: 'cur.csv' }))
 */
export function renderDriftHtml(
  report: DriftReport,
  bins: ReadonlyMap<string, BinnedPair>,
  meta: HtmlReportMeta,
): string {
  const drifted = report.columns.filter((c) => c.drifted).length;
  const rows = report.columns
    .map(
      (c) =>
        `<tr class="${c.drifted ? 'bad' : 'ok'}"><td><a href="#col-${esc(c.name)}">${esc(c.name)}</a></td><td>${c.kind}</td><td>${c.method}</td><td>${formatNumber(c.statistic)}</td><td>${formatNumber(c.pValue)}</td><td>${c.threshold}</td><td>${c.drifted ? 'drift' : 'ok'}</td></tr>`,
    )
    .join('\n');
  const sections = report.columns
    .map((c) => {
      const b = bins.get(c.name);
      return `<section id="col-${esc(c.name)}"><h3>${esc(c.name)} <span class="badge ${c.drifted ? 'bad' : 'ok'}">${c.drifted ? 'drift' : 'no drift'}</span></h3><p>${esc(explainColumn(c))} · ${c.kind} · reference ${c.referenceSize} values, current ${c.currentSize}</p>${b ? histogramSvg(b, c.kind === 'numerical') : ''}</section>`;
    })
    .join('\n');
  const verdict = report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigil drift report: ${esc(meta.current)} vs ${esc(meta.reference)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h3{margin:1.5rem 0 .25rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e6ea}
tr.bad td:last-child,.badge.bad{color:#fff;background:#c62828}tr.ok td:last-child,.badge.ok{color:#fff;background:#2e7d32}
.badge{font-size:.75rem;padding:.1rem .45rem;border-radius:.6rem;vertical-align:middle}
.muted{color:#5f6b7a}.verdict{font-size:1.1rem;font-weight:600}.verdict.bad{color:#c62828}.verdict.ok{color:#2e7d32}
svg .ref{fill:#7a8ca3}svg .cur{fill:#e07b39}svg .base{stroke:#9aa5b1}svg .axis{font-size:10px;fill:#5f6b7a}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
@media (prefers-color-scheme:dark){body{background:#14171b;color:#e6e9ed}th,td{border-color:#2b3138}}
</style></head><body>
<h1>Drift report</h1>
<p class="muted">Reference <code>${esc(meta.reference)}</code> · current <code>${esc(meta.current)}</code>${meta.generatedAt ? ` · ${esc(meta.generatedAt)}` : ''}</p>
<p class="verdict ${report.datasetDrift ? 'bad' : 'ok'}">${verdict}: ${drifted} of ${report.columns.length} columns drifted (${(report.driftedShare * 100).toFixed(1)}%).</p>
<p class="legend"><span style="background:#7a8ca3"></span>reference<span style="background:#e07b39"></span>current</p>
<table><thead><tr><th>column</th><th>kind</th><th>method</th><th>statistic</th><th>p-value</th><th>threshold</th><th>result</th></tr></thead><tbody>
${rows}
</tbody></table>
${sections}
</body></html>
`;
}
