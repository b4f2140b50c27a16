import { Link } from '../../routing/router.js';
import type { BudgetStatus, ExecutiveReport, RoiResult, ScorecardMetric } from '@vigil/protocol';
import { formatCount, formatPercent, formatUsd } from '../../format/format-value.js';
import {
  describeCoverageHistory,
  formatDay,
  formatDollars,
  formatMetricValue,
  formatMonths,
  formatRoiPercent,
} from './report-format.js';
import { MetricTrend } from './MetricTrend.js';

const STATUS_TEXT: Record<string, string> = { ok: 'on target', off_target: 'off target' };

export function ScorecardSection({ metrics }: { metrics: ScorecardMetric[] }) {
  return (
    <section className="report-section" data-testid="report-scorecard">
      <h2>Success metrics</h2>
      <table className="data-table report-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">Now</th>
            <th>Target</th>
            <th>Status</th>
            <th>Trend (180 days)</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.key} data-testid={`report-metric-${m.key}`}>
              <td>{m.title}</td>
              <td className="num" data-testid={`report-metric-${m.key}-value`}>
                {formatMetricValue(m)}
              </td>
              <td>{m.target}</td>
              <td>
                <span
                  className={`report-status ${m.isOnTarget === true ? 'good' : m.isOnTarget === false ? 'bad' : 'none'}`}
                >
                  {STATUS_TEXT[m.status] ?? m.status}
                </span>
              </td>
              <td>
                <MetricTrend metric={m} width={120} height={32} testId={`report-metric-${m.key}-trend`} />
              </td>
              <td className="small">{m.detail || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CoverageSection({ coverage }: { coverage: ExecutiveReport['coverage'] }) {
  const m = coverage.metric;
  return (
    <section className="report-section" data-testid="report-coverage">
      <h2>Coverage and shadow AI</h2>
      <p>
        <strong data-testid="report-coverage-value">{m ? formatMetricValue(m) : '—'}</strong> of production AI systems
        fully monitored{m?.detail ? ` — ${m.detail}` : ''}.
      </p>
      {m && m.trend.length > 0 ? (
        <div className="report-coverage-history">
          <MetricTrend metric={m} width={520} height={90} testId="report-coverage-trend" hasScale />
          <p className="small muted" data-testid="report-coverage-history">
            {describeCoverageHistory(m)} (one snapshot a day; days without one are left out).
          </p>
        </div>
      ) : (
        <p className="muted" data-testid="report-coverage-history-empty">
          No coverage history yet: Vigil stores one coverage snapshot a day, the first when the server starts.
        </p>
      )}
      {coverage.shadowModels.length === 0 ? (
        <p className="muted">
          No shadow AI: every model seen in traffic in the last 30 days belongs to a registered use case.
        </p>
      ) : (
        <p data-testid="report-shadow">
          <strong>
            {coverage.shadowModels.length} model{coverage.shadowModels.length === 1 ? '' : 's'} in traffic with no use
            case (shadow AI):
          </strong>{' '}
          {coverage.shadowModels.map((s) => s.model).join(', ')}
        </p>
      )}
    </section>
  );
}

export function IncidentsSection({
  data,
}: {
  data: ExecutiveReport['highImpactIncidents'];
  incidentsAvailable: boolean;
}) {
  return (
    <section className="report-section" data-testid="report-incidents">
      <h2>Incidents over {formatDollars(data.thresholdUsd)} business impact</h2>
      {data.items.length === 0 ? (
        <p className="muted" data-testid="report-incidents-empty">
          No incident in the period had an estimated impact over {formatDollars(data.thresholdUsd)}.
        </p>
      ) : (
        <table className="data-table report-table">
          <thead>
            <tr>
              <th>Incident</th>
              <th>Area</th>
              <th>Opened</th>
              <th className="num">Duration</th>
              <th className="num">Impact / h</th>
              <th className="num">Est. impact</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.id} data-testid="report-incident-row">
                <td>
                  {i.title}
                  {i.isCustomerFacing ? ' (customer-facing)' : ''}
                </td>
                <td>{i.area}</td>
                <td>{formatDay(i.openedAt)}</td>
                <td className="num">{formatCount(i.durationMinutes)} min</td>
                <td className="num">{formatDollars(i.impactUsdPerHour)}</td>
                <td className="num" data-testid="report-incident-impact">
                  {formatDollars(i.estimatedImpactUsd)}
                </td>
                <td>{i.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RoiFigures({ roi, testId }: { roi: RoiResult; testId: string }) {
  return (
    <div className="report-figures" data-testid={testId}>
      <div>
        <span className="muted">Year-1 cost</span>
        <strong>{formatDollars(roi.yearOneCost)}</strong>
      </div>
      <div>
        <span className="muted">Annual benefit</span>
        <strong>{formatDollars(roi.annualBenefit)}</strong>
      </div>
      <div>
        <span className="muted">Net benefit</span>
        <strong>{formatDollars(roi.netBenefit)}</strong>
      </div>
      <div>
        <span className="muted">ROI</span>
        <strong data-testid={`${testId}-percent`}>{formatRoiPercent(roi.roiPercent)}</strong>
      </div>
      <div>
        <span className="muted">Payback</span>
        <strong>{formatMonths(roi.paybackMonths)}</strong>
      </div>
    </div>
  );
}

function RoiSteps({ roi }: { roi: RoiResult }) {
  return (
    <table className="data-table report-table report-steps">
      <tbody>
        {roi.steps.map((s) => (
          <tr key={s.label}>
            <td>{s.label}</td>
            <td className="small muted">
              {s.formula}
              <br />
              {s.values}
            </td>
            <td className="num">{s.result}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MeasuredRoiSection({ data }: { data: ExecutiveReport['measuredRoi'] }) {
  if (!data.isAvailable) {
    return (
      <section className="report-section" data-testid="report-measured-roi">
        <h2>ROI measured from Vigil’s data</h2>
        <p className="muted">{data.reason}</p>
      </section>
    );
  }
  const f = data.facts;
  return (
    <section className="report-section" data-testid="report-measured-roi">
      <h2>ROI measured from Vigil’s data</h2>
      <div className="report-figures">
        <div>
          <span className="muted">Incidents caught</span>
          <strong data-testid="report-caught">{formatCount(f.caught)}</strong>
          <span className="small muted">≈ {formatCount(Math.round(f.caughtPerYear))} a year</span>
        </div>
        <div>
          <span className="muted">MTTR now</span>
          <strong>{f.mttrMinutes === null ? '—' : `${f.mttrMinutes} min`}</strong>
        </div>
        <div>
          <span className="muted">MTTR baseline</span>
          <strong>{f.baselineMttrMinutes === null ? '—' : `${f.baselineMttrMinutes} min`}</strong>
          {f.baseline && (
            <span className="small muted">
              {formatDay(f.baseline.from)} – {formatDay(f.baseline.to)}
            </span>
          )}
        </div>
        <div>
          <span className="muted">MTTR saved</span>
          <strong title={f.mttrReductionHours === null ? undefined : `${f.mttrReductionHours} h`}>
            {f.mttrReductionHours === null ? '—' : `${+(f.mttrReductionHours * 60).toFixed(1)} min`}
          </strong>
          <span className="small muted">per incident</span>
        </div>
      </div>
      {data.roi ? (
        <>
          <RoiFigures roi={data.roi} testId="report-measured-roi-figures" />
          <RoiSteps roi={data.roi} />
        </>
      ) : (
        <p className="report-missing" data-testid="report-measured-missing">
          No ROI figure yet: it needs {data.missing.join(', ')} — set them under “ROI inputs” below.
        </p>
      )}
      <ul className="small muted">
        {data.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </section>
  );
}

export function CalculatorRoiSection({ data }: { data: ExecutiveReport['roi'] }) {
  return (
    <section className="report-section" data-testid="report-roi">
      <h2>ROI from the business case</h2>
      {!data.isConfigured ? (
        <p className="muted" data-testid="report-roi-empty">
          No business-case inputs stored yet: build one on the <Link href="/roi">ROI calculator</Link> and “Use in the
          executive report”.
        </p>
      ) : (
        data.scenarios.map((s, i) => (
          <div key={`${s.name}-${i}`} className="report-scenario">
            <h3>{s.name}</h3>
            <RoiFigures roi={s} testId={`report-roi-${i}`} />
            {s.discrepancies.length > 0 && (
              <ul className="report-discrepancies">
                {s.discrepancies.map((d) => (
                  <li key={d.figure}>{d.message}</li>
                ))}
              </ul>
            )}
          </div>
        ))
      )}
    </section>
  );
}

function BudgetRow({ b }: { b: BudgetStatus }) {
  return (
    <tr data-testid="report-budget-row">
      <td>
        {b.scope === 'useCase' ? 'use case' : b.scope} <strong>{b.target}</strong>
      </td>
      <td className="num">{formatUsd(b.monthlyUsd)}</td>
      <td className="num">
        {formatUsd(b.spentUsd)} ({formatPercent(b.usedRatio)})
      </td>
      <td className="num">{formatUsd(b.forecastUsd)}</td>
      <td>
        <span className={`report-status ${b.status === 'ok' ? 'good' : 'bad'}`}>{b.status}</span>
      </td>
    </tr>
  );
}

export function SpendSection({ spend }: { spend: ExecutiveReport['spend'] }) {
  return (
    <section className="report-section" data-testid="report-spend">
      <h2>AI spend</h2>
      <div className="report-figures">
        <div>
          <span className="muted">Spend in the period</span>
          <strong data-testid="report-spend-total">{formatUsd(spend.total.spendUsd)}</strong>
        </div>
        <div>
          <span className="muted">Predictions</span>
          <strong>{formatCount(spend.total.calls)}</strong>
        </div>
        <div>
          <span className="muted">Cost per prediction</span>
          <strong>{formatUsd(spend.total.costPerCallUsd)}</strong>
        </div>
      </div>
      {spend.total.callsWithCost === 0 ? (
        <p className="muted">No call in the period carried a cost.</p>
      ) : (
        <table className="data-table report-table">
          <thead>
            <tr>
              <th>Team</th>
              <th>Models</th>
              <th className="num">Spend</th>
              <th className="num">Cost / prediction</th>
            </tr>
          </thead>
          <tbody>
            {spend.byTeam.map((g) => (
              <tr key={g.key} data-testid="report-team-row">
                <td>{g.key}</td>
                <td className="small">{g.models.join(', ')}</td>
                <td className="num">{formatUsd(g.totals.spendUsd)}</td>
                <td className="num">{formatUsd(g.totals.costPerCallUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {/* On screen the editable budgets below show these; printed, the report carries them. */}
      <div className="print-only">
        <h3>Monthly budgets</h3>
        {spend.budgets.length === 0 ? (
          <p className="muted">No budgets set: add them under “Monthly budgets” below.</p>
        ) : (
          <table className="data-table report-table">
            <thead>
              <tr>
                <th>Budget</th>
                <th className="num">Monthly</th>
                <th className="num">Month to date</th>
                <th className="num">Forecast</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {spend.budgets.map((b) => (
                <BudgetRow key={`${b.scope}:${b.target}`} b={b} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
