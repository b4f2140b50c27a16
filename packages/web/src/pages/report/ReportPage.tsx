import { useState } from 'react';
import { useNow } from '../../api/refresh.js';
import { Time } from '../../components/Time.js';
import type { ExecutiveReport } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { updateQuery, useLocation } from '../../routing/router.js';
import {
  CalculatorRoiSection,
  CoverageSection,
  IncidentsSection,
  MeasuredRoiSection,
  ScorecardSection,
  SpendSection,
} from './ReportSections.js';
import { formatDay } from './report-format.js';
import './report.css';
import '../cost/cost.css';
import { BudgetsSection } from '../cost/BudgetsSection.js';
import { RoiInputsEditor } from './RoiInputsEditor.js';
import { ReportTabs } from './ReportTabs.js';

const PERIODS = [30, 90, 180];

/** `/report`: the executive report a presenter shows a CIO; prints to A4 (nav and buttons hidden). */
export function ReportPage() {
  const { query } = useLocation();
  const days = PERIODS.includes(Number(query.get('days'))) ? Number(query.get('days')) : 30;
  // Whole minutes, so re-renders ask for the same period.
  const to = Math.floor(useNow() / 60_000) * 60_000;
  const [reload, setReload] = useState(0);
  const report = useApi<ExecutiveReport>(
    '/api/v1/report/executive',
    {
      from: new Date(to - days * 86_400_000).toISOString(),
      to: new Date(to).toISOString(),
    },
    reload,
  );
  return (
    <section className="page report-page" data-testid="report-page">
      <ReportTabs active="/report" />
      <div className="page-head">
        <div>
          <h1>Executive report: AI in production</h1>
          {report.status === 'ok' && (
            <p className="muted report-period" data-testid="report-period">
              {formatDay(report.data.period.from)} – {formatDay(report.data.period.to)} ({report.data.period.days} days)
              · generated <Time value={report.data.generatedAt} />
            </p>
          )}
        </div>
        <div className="no-print report-actions">
          <div className="segmented" role="group" aria-label="Period">
            {PERIODS.map((d) => (
              <button
                key={d}
                type="button"
                aria-pressed={d === days}
                onClick={() => updateQuery({ days: d === 30 ? undefined : String(d) })}
              >
                {d} days
              </button>
            ))}
          </div>
          <button type="button" onClick={() => window.print()}>
            Print / save as PDF
          </button>
        </div>
      </div>
      <StateView state={report} label="the executive report">
        {(r) => (
          <>
            <ScorecardSection metrics={r.scorecard.metrics} />
            <CoverageSection coverage={r.coverage} />
            <IncidentsSection data={r.highImpactIncidents} incidentsAvailable={r.incidentsAvailable} />
            <MeasuredRoiSection data={r.measuredRoi} />
            <CalculatorRoiSection data={r.roi} />
            <RoiInputsEditor onSaved={() => setReload((n) => n + 1)} />
            <SpendSection spend={r.spend} />
            <div className="no-print">
              <BudgetsSection />
            </div>
            <p className="small muted report-footnote">
              Success metrics are as of now (last 30 days) with trends over 180 days (coverage: one stored snapshot a
              day); ROI, incidents and spend cover the period above. Every figure comes from the Vigil API
              (/api/v1/report/executive); ROI arithmetic is shown step by step.
            </p>
          </>
        )}
      </StateView>
    </section>
  );
}
