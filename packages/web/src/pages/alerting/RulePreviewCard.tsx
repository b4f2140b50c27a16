import { Time } from '../../components/Time.js';
import { useEffect, useMemo, useState } from 'react';
import type { AlertRule, RulePreviewResult } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { TimeChart, type ChartThreshold } from '../../charts/TimeChart.js';
import { formatAlertValue, formatDuration, formatTime } from '../../components/alerting/alerting-format.js';
import { formatCount } from '../../format/format-value.js';

type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ok'; data: RulePreviewResult; json: string };

/**
 * How often the rule in the form would have fired over the past week: the server replays it over the
 * stored rollups (POST /api/v1/alerts/rules/preview). Re-asked 600 ms after the form stops changing.
 */
export function RulePreviewCard({ rule }: { rule: AlertRule | null }) {
  const json = rule === null ? null : JSON.stringify(rule);
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  useEffect(() => {
    if (json === null) {
      setState({ status: 'idle' });
      return;
    }
    let isCurrent = true;
    setState({ status: 'loading' });
    const timer = setTimeout(() => {
      sendApi('POST', '/api/v1/alerts/rules/preview', { rule: JSON.parse(json), range: '7d' }).then(
        (data) => isCurrent && setState({ status: 'ok', data, json }),
        (err: unknown) =>
          isCurrent && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    }, 600);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [json]);

  const lines = useMemo(
    () => (state.status === 'ok' ? [{ label: 'rule value', points: state.data.values }] : []),
    [state],
  );
  return (
    <aside className="card preview-card" data-testid="rule-preview" data-status={state.status}>
      <h2>Past week</h2>
      {state.status === 'idle' && (
        <p className="muted">Fill in the required fields to see how often this rule would have fired.</p>
      )}
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Replaying the rule over the past week…
        </p>
      )}
      {state.status === 'error' && (
        <p className="notice error" role="alert" data-testid="preview-error">
          Preview failed: {state.message}
        </p>
      )}
      {state.status === 'ok' && <PreviewBody p={state.data} lines={lines} thresholds={thresholdsOf(rule)} />}
    </aside>
  );
}

/** The line the rule's value is compared with: its threshold, or the change it fires at. */
function thresholdsOf(rule: AlertRule | null): ChartThreshold[] {
  if (!rule) return [];
  if (rule.kind === 'threshold')
    return [{ value: rule.value, label: `${rule.comparator} ${formatAlertValue(rule.value)}` }];
  if (rule.kind === 'relative_change')
    return [
      { value: rule.changePercent, label: `${rule.comparator} ${rule.changePercent} % vs ${rule.offset} earlier` },
    ];
  return [];
}

function PreviewBody({
  p,
  lines,
  thresholds,
}: {
  p: RulePreviewResult;
  lines: Array<{ label: string; points: Array<[number, number | null]> }>;
  thresholds: ChartThreshold[];
}) {
  const fired = p.episodes.filter((e) => e.firedAt !== null);
  return (
    <>
      <p>
        Would have fired{' '}
        <span className="preview-number" data-testid="preview-firings">
          {formatCount(p.firings)}
        </span>{' '}
        {p.firings === 1 ? 'time' : 'times'}
      </p>
      <dl className="facts small">
        <dt>Time firing</dt>
        <dd data-testid="preview-firing-time">{formatDuration(p.firingMs)}</dd>
        <dt>Replayed</dt>
        <dd>
          <Time value={p.from} /> – <Time value={p.to} />, every {formatDuration(p.stepMs)} (
          {formatCount(p.evaluations)} evaluations)
        </dd>
        <dt>No data</dt>
        <dd data-testid="preview-no-data">
          {formatCount(p.noData)} of {formatCount(p.evaluations)} evaluations
        </dd>
      </dl>
      <TimeChart testId="preview-chart" lines={lines} format={formatAlertValue} height={160} thresholds={thresholds} />
      {fired.length > 0 && (
        <>
          <h3 className="small">Firings{fired.length < p.firings ? ` (last ${fired.length})` : ''}</h3>
          <ul className="small" data-testid="preview-episodes">
            {fired
              .slice(-8)
              .reverse()
              .map((e) => (
                <li key={e.activeAt}>
                  <Time value={e.firedAt} /> →{' '}
                  {e.resolvedAt === null
                    ? 'still firing'
                    : `${formatTime(e.resolvedAt)} (${formatDuration(e.resolvedAt - (e.firedAt ?? e.activeAt))})`}
                </li>
              ))}
          </ul>
        </>
      )}
    </>
  );
}
