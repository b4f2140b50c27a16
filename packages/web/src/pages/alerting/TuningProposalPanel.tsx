import { useState } from 'react';
import type { TuningProposal } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { formatTime } from '../../components/alerting/alerting-format.js';
import { StateView } from '../../components/StateView.js';
import { formatCount } from '../../format/format-value.js';

type ApplyState =
  { status: 'idle' } | { status: 'busy' } | { status: 'done'; version: number } | { status: 'error'; message: string };

/**
 * The replayed proposal for one rule: what the current rule catches, every change tried, and the one proposed,
 * applied in one click through the rules API (PUT /api/v1/alerts/rules/:id with its reason, which the rule change
 * history keeps).
 */
export function TuningProposalPanel({ ruleId, period }: { ruleId: string; period: { from: string; to: string } }) {
  const proposal = useApi<TuningProposal>(`/api/v1/alerts/tuning/${encodeURIComponent(ruleId)}/proposal`, period);
  const [apply, setApply] = useState<ApplyState>({ status: 'idle' });
  return (
    <div className="card" data-testid="tuning-proposal">
      <StateView state={proposal} label="the replayed proposal">
        {(p) => (
          <>
            <p>
              Replayed {formatTime(p.from)} – {formatTime(p.to)}: the current rule fires{' '}
              <strong>{formatCount(p.current.firings)}</strong> times, catching {formatCount(p.current.caughtTrue)} of{' '}
              {formatCount(p.trueIncidents.length)} true incidents and {formatCount(p.current.caughtFalse)} of{' '}
              {formatCount(p.falseIncidents.length)} false positives.
            </p>
            {p.proposal ? (
              <div className="notice" data-testid="proposed-change">
                <strong>Proposed: {p.proposal.candidate.description}</strong> — removes{' '}
                {plural(p.proposal.candidate.removedFalse, 'false positive')}, keeps{' '}
                {plural(p.proposal.candidate.keptTrue, 'true incident')} (
                {plural(p.proposal.candidate.firings, 'firing')} in the replay).{' '}
                {apply.status === 'done' ? (
                  <span data-testid="applied">Applied: the rule is now version {apply.version}.</span>
                ) : (
                  <button
                    type="button"
                    className="primary-button"
                    disabled={apply.status === 'busy'}
                    data-testid="apply-proposal"
                    onClick={() => {
                      const { rule, reason } = p.proposal!;
                      setApply({ status: 'busy' });
                      sendApi(
                        'PUT',
                        `/api/v1/alerts/rules/${encodeURIComponent(ruleId)}?reason=${encodeURIComponent(reason)}`,
                        rule,
                      ).then(
                        (res) => setApply({ status: 'done', version: res.rule.version }),
                        (err: unknown) =>
                          setApply({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
                      );
                    }}
                  >
                    Apply
                  </button>
                )}
                {apply.status === 'error' ? (
                  <p className="notice error" role="alert">
                    Could not apply: {apply.message}
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="muted" data-testid="no-proposal">
                No proposal: {p.note}.
              </p>
            )}
            {p.candidates.length > 0 ? (
              <table className="data-table" data-testid="tuning-candidates">
                <thead>
                  <tr>
                    <th>Change tried</th>
                    <th className="num">Firings</th>
                    <th className="num">True kept</th>
                    <th className="num">False removed</th>
                    <th>Keeps every true incident</th>
                  </tr>
                </thead>
                <tbody>
                  {p.candidates.map((c) => (
                    <tr key={c.description}>
                      <td>
                        <code>{c.description}</code>
                      </td>
                      <td className="num">{formatCount(c.firings)}</td>
                      <td className="num">{formatCount(c.keptTrue)}</td>
                      <td className="num">{formatCount(c.removedFalse)}</td>
                      <td>{c.isSafe ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        )}
      </StateView>
    </div>
  );
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
