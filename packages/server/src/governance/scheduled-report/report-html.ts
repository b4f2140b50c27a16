import type { ScheduledReportNumbers } from '@vigil/protocol';
import { describePeriod, type ReportPeriod } from './report-period.js';

/** The scorecard metrics the review leads with, in this order (the deck's success metrics). */
const EFFECTIVENESS_KEYS = ['mttr', 'false_positive_rate', 'coverage', 'adoption'];

/**
 * The monthly (or weekly) review as one self-contained HTML page (inline CSS, no scripts, no external
 * resources), printed to PDF as it is. Every number comes from `numbers`, formatted here and nowhere computed.
 * @example renderReportHtml(numbers, period, { generatedAt: Date.now(), url: 'https://vigil.example/reports' })
 */
export function renderReportHtml(
  numbers: ScheduledReportNumbers,
  period: ReportPeriod,
  opts: { generatedAt: number; url?: string },
): string {
  const { executive: ex, topRules } = numbers;
  const title = `Monitoring effectiveness review — ${describePeriod(period)}`;
  const metrics = EFFECTIVENESS_KEYS.map((k) => ex.scorecard.metrics.find((m) => m.key === k)).filter(
    (m) => m !== undefined,
  );
  const facts = ex.measuredRoi.isAvailable ? ex.measuredRoi.facts : null;
  const spend = ex.spend;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
  body { font: 13px/1.45 system-ui, sans-serif; color: #111827; margin: 28px; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 1px solid #e5e7eb; padding-bottom: 3px; }
  .muted { color: #6b7280; } table { border-collapse: collapse; width: 100%; margin: 4px 0; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #f3f4f6; vertical-align: top; }
  th { font-size: 11px; text-transform: uppercase; color: #6b7280; } td.num, th.num { text-align: right; }
  .ok { color: #047857; font-weight: 600; } .off { color: #b91c1c; font-weight: 600; } .none { color: #6b7280; }
</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="muted">Period ${esc(iso(period.from))} – ${esc(iso(period.to))} (UTC) · generated ${esc(iso(opts.generatedAt))}${opts.url ? ` · <a href="${esc(opts.url)}">open in Vigil</a>` : ''}</p>

<h2>Monitoring effectiveness</h2>
<table><thead><tr><th>Metric</th><th class="num">Now</th><th>Target</th><th>Status</th><th>Detail</th></tr></thead><tbody>
${metrics
  .map(
    (m) =>
      `<tr><td>${esc(m.title)}</td><td class="num">${esc(formatMetric(m.current, m.unit))}</td><td>${esc(m.target)}</td><td class="${m.isOnTarget === null ? 'none' : m.isOnTarget ? 'ok' : 'off'}">${esc(m.isOnTarget === null ? m.status : m.isOnTarget ? 'on target' : 'off target')}</td><td>${esc(m.detail)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<p class="muted">Coverage: ${esc(ex.coverage.shadowModels.length.toString())} model(s) sending traffic outside any registered use case.</p>

<h2>Incidents and business impact</h2>
${
  facts
    ? `<table><tbody>
<tr><th>Incidents opened</th><td class="num">${esc(count(facts.incidents))}</td></tr>
<tr><th>Caught before customers (critical/error, not false positives)</th><td class="num">${esc(count(facts.caught))}</td></tr>
<tr><th>MTTR in the period</th><td class="num">${esc(minutes(facts.mttrMinutes))}</td></tr>
<tr><th>Baseline MTTR</th><td class="num">${esc(minutes(facts.baselineMttrMinutes))}</td></tr>
</tbody></table>`
    : `<p class="none">Incident figures unavailable: ${esc(ex.measuredRoi.isAvailable ? '' : ex.measuredRoi.reason)}</p>`
}
<p>Incidents over ${esc(usd(ex.highImpactIncidents.thresholdUsd))} estimated impact: ${ex.highImpactIncidents.items.length === 0 ? 'none.' : ''}</p>
${
  ex.highImpactIncidents.items.length
    ? `<table><thead><tr><th>Incident</th><th>Area</th><th>Opened</th><th class="num">Duration</th><th class="num">Estimated impact</th></tr></thead><tbody>
${ex.highImpactIncidents.items
  .map(
    (i) =>
      `<tr><td>${esc(i.title)}${i.isCustomerFacing ? ' (customer-facing)' : ''}</td><td>${esc(i.area)}</td><td>${esc(i.openedAt.slice(0, 16).replace('T', ' '))}</td><td class="num">${esc(minutes(i.durationMinutes))}</td><td class="num">${esc(usd(i.estimatedImpactUsd))}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : ''
}

<h2>Cost</h2>
<p>Spend in the period: <strong>${esc(usd(spend.total.spendUsd))}</strong> over ${esc(count(spend.total.calls))} calls.</p>
${
  spend.budgets.length
    ? `<table><thead><tr><th>Budget</th><th class="num">Monthly</th><th class="num">Spent</th><th class="num">Forecast</th><th>Status</th></tr></thead><tbody>
${spend.budgets
  .map(
    (b) =>
      `<tr><td>${esc(`${b.scope} ${b.target}`)}</td><td class="num">${esc(usd(b.monthlyUsd))}</td><td class="num">${esc(usd(b.spentUsd))}</td><td class="num">${esc(b.forecastUsd === null ? '—' : usd(b.forecastUsd))}</td><td class="${b.status === 'ok' ? 'ok' : 'off'}">${esc(b.status)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : '<p class="none">No budgets set.</p>'
}
${
  spend.byTeam.length
    ? `<table><thead><tr><th>Team</th><th class="num">Spend</th><th class="num">Calls</th></tr></thead><tbody>
${spend.byTeam.map((g) => `<tr><td>${esc(g.key)}</td><td class="num">${esc(usd(g.totals.spendUsd))}</td><td class="num">${esc(count(g.totals.calls))}</td></tr>`).join('\n')}
</tbody></table>`
    : ''
}

<h2>Rules that fired most</h2>
${
  topRules.length
    ? `<table><thead><tr><th>Rule</th><th class="num">Firings</th><th class="num">False positives</th><th class="num">Acknowledged</th><th class="num">Pages / week / person</th></tr></thead><tbody>
${topRules
  .map(
    (r) =>
      `<tr><td>${esc(r.name)} <span class="muted">${esc(r.area)}</span></td><td class="num">${esc(count(r.firings))}</td><td class="num">${esc(count(r.falsePositives))}</td><td class="num">${esc(percent(r.ackRate))}</td><td class="num">${esc(r.pagesPerWeekPerPerson.toFixed(2))}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : '<p class="none">No rule fired in the period.</p>'
}
</body></html>
`;
}

/** The plain-text lines channels without HTML show (Slack, Teams), with the link to the archived report. */
export function renderReportText(
  numbers: ScheduledReportNumbers,
  period: ReportPeriod,
  url: string | undefined,
): { title: string; text: string } {
  const title = `Monitoring effectiveness review — ${describePeriod(period)}`;
  const lines = EFFECTIVENESS_KEYS.map((k) => numbers.executive.scorecard.metrics.find((m) => m.key === k))
    .filter((m) => m !== undefined)
    .map((m) => `${m.title}: ${formatMetric(m.current, m.unit)} (target ${m.target})`);
  const facts = numbers.executive.measuredRoi.isAvailable ? numbers.executive.measuredRoi.facts : null;
  if (facts) lines.push(`Incidents: ${count(facts.incidents)}, caught before customers: ${count(facts.caught)}`);
  lines.push(`Spend: ${usd(numbers.executive.spend.total.spendUsd)}`);
  const top = numbers.topRules[0];
  if (top) lines.push(`Rule that fired most: ${top.name} (${count(top.firings)} firings)`);
  if (url) lines.push(`Full report (HTML and PDF): ${url}`);
  return { title, text: lines.join('\n') };
}

function formatMetric(v: number | null, unit: string): string {
  if (v === null) return '—';
  if (unit === 'ratio') return percent(v);
  if (unit === 'minutes') return minutes(v);
  return `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}${unit ? ` ${unit}` : ''}`;
}
const percent = (v: number | null) =>
  v === null ? '—' : `${(v * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;
const minutes = (v: number | null) =>
  v === null ? '—' : `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} min`;
const count = (v: number) => v.toLocaleString('en-US');
const usd = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
