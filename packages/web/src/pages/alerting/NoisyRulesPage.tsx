import { useMemo, useState } from 'react';
import type { TuningResult } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { formatDuration, formatFraction } from '../../components/alerting/alerting-format.js';
import { SeverityBadge } from '../../components/alerting/SeverityBadge.js';
import { StateView } from '../../components/StateView.js';
import { formatCount } from '../../format/format-value.js';
import { Link, updateQuery, useLocation } from '../../routing/router.js';
import { TuningProposalPanel } from './TuningProposalPanel.js';

const DAY_MS = 86_400_000;
// The proposal replays the rule with the preview, which reaches back at most 14 days.
const RANGES = [
  { key: '1d', days: 1 },
  { key: '7d', days: 7 },
  { key: '14d', days: 14 },
];

/** `/alerts/tuning?range=7d`: rules ranked by noise over the period, each with a replayed change proposal. */
export function NoisyRulesPage() {
  const { query } = useLocation();
  const range = RANGES.find((r) => r.key === query.get('range')) ?? RANGES[1]!;
  // One period per range choice, so the table and the proposals read the same span. Applying a proposal
  // changes the rule, not its past incidents: the table stays as it is.
  const period = useMemo(() => {
    const to = Date.now();
    return { from: String(to - range.days * DAY_MS), to: String(to) };
  }, [range.days]);
  const stats = useApi<TuningResult>('/api/v1/alerts/tuning', period);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="page" data-testid="noisy-rules-page">
      <div className="page-head">
        <h1>Noisy rules</h1>
      </div>
      <AlertingNav />
      <p className="muted">
        Per rule, from its incidents in the period: false positives are incidents resolved as false positive; noise =
        false positives + firings nobody acknowledged. A proposal replays the rule over the same period with a stricter
        threshold, a longer <code>for</code> or a longer window, and keeps every true incident.
      </p>
      <div className="filters">
        <div className="segmented" role="group" aria-label="Period">
          {RANGES.map((r) => (
            <button
              key={r.key}
              type="button"
              aria-pressed={r.key === range.key}
              onClick={() => updateQuery({ range: r.key })}
            >
              last {r.key}
            </button>
          ))}
        </div>
      </div>
      <StateView state={stats} label="rule statistics">
        {({ rules }) =>
          rules.length === 0 ? (
            <p className="state empty">No alert rules and no incidents in this period.</p>
          ) : (
            <table className="data-table responsive" data-testid="noisy-rules-table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Severity</th>
                  <th className="num">Firings</th>
                  <th className="num">Time firing</th>
                  <th className="num">Acknowledged</th>
                  <th className="num">False positives</th>
                  <th className="num">Median time to ack</th>
                  <th className="num">Pages / week / person</th>
                  <th className="num">Noise</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <NoisyRuleRow
                    key={r.ruleId}
                    row={r}
                    isOpen={open === r.ruleId}
                    onToggle={() => setOpen(open === r.ruleId ? null : r.ruleId)}
                    period={period}
                  />
                ))}
              </tbody>
            </table>
          )
        }
      </StateView>
    </section>
  );
}

function NoisyRuleRow({
  row: r,
  isOpen,
  onToggle,
  period,
}: {
  row: TuningResult['rules'][number];
  isOpen: boolean;
  onToggle: () => void;
  period: { from: string; to: string };
}) {
  return (
    <>
      <tr data-testid="noisy-rule-row" data-rule={r.ruleId}>
        <td data-label="Rule">
          {r.isStored ? (
            <Link href={`/alerts/rules/${encodeURIComponent(r.ruleId)}`} className="model-link">
              {r.name}
            </Link>
          ) : (
            <span>{r.name}</span>
          )}
          <div className="muted small">
            {r.ruleId} · {r.area}
            {r.isStored ? '' : ' · deleted'}
          </div>
        </td>
        <td data-label="Severity">
          <SeverityBadge value={r.severity} />
        </td>
        <td data-label="Firings" className="num" data-testid="firings">
          {formatCount(r.firings)}
        </td>
        <td data-label="Time firing" className="num">
          {formatDuration(r.firingMs)}
        </td>
        <td data-label="Acknowledged" className="num">
          {formatFraction(r.ackRate)}
        </td>
        <td data-label="False positives" className="num" data-testid="false-positives">
          {formatCount(r.falsePositives)} of {formatCount(r.resolved)}
          <div className="muted small">{formatFraction(r.falsePositiveRate)}</div>
        </td>
        <td data-label="Median time to ack" className="num">
          {formatDuration(r.medianTimeToAckMs)}
        </td>
        <td data-label="Pages / week / person" className="num">
          {r.pagesPerWeekPerPerson.toLocaleString('en-US', { maximumFractionDigits: 2 })}
          <div className="muted small">
            {formatCount(r.pages)} pages, {formatCount(r.onCallPeople)} on call
          </div>
        </td>
        <td data-label="Noise" className="num">
          {formatCount(r.noise)}
        </td>
        <td>
          {r.isStored && r.falsePositives > 0 ? (
            <button type="button" onClick={onToggle} aria-expanded={isOpen} data-testid="propose">
              {isOpen ? 'Hide proposal' : 'Propose a change'}
            </button>
          ) : null}
        </td>
      </tr>
      {isOpen ? (
        <tr>
          <td colSpan={10}>
            <TuningProposalPanel ruleId={r.ruleId} period={period} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
