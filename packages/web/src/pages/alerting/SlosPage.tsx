import { Time } from '../../components/Time.js';
import { useState } from 'react';
import type { SloBody, SloList, SloStatusResult } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { formatBurnRate, formatFraction, formatTime } from '../../components/alerting/alerting-format.js';
import { StateView } from '../../components/StateView.js';
import { formatCount, formatMs, formatRate } from '../../format/format-value.js';
import { SloEditor } from './SloEditor.js';

/** Burn-rate windows in the order the SRE workbook pairs them (page: 1h/5m, 6h/30m; ticket: 3d/6h). */
const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '3d'];
const BURN_PAIRS = [
  { long: '1h', short: '5m', rate: 14.4, kind: 'page' },
  { long: '6h', short: '30m', rate: 6, kind: 'page' },
  { long: '3d', short: '6h', rate: 1, kind: 'ticket' },
];

/** `/slos`: each SLO's error budget remaining and burn rates now (GET /api/v1/slos/:id/status); create, edit, delete. */
export function SlosPage() {
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<SloBody | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const slos = useApi<SloList>('/api/v1/slos', {}, reload);
  const refresh = () => setReload((n) => n + 1);
  const remove = async (slo: SloBody) => {
    if (!window.confirm(`Delete the SLO "${slo.name}"? Rules that page on its burn rate are separate and stay.`))
      return;
    setProblem(null);
    try {
      await sendApi('DELETE', `/api/v1/slos/${encodeURIComponent(slo.id)}`);
      refresh();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="page" data-testid="slos-page">
      <div className="page-head">
        <h1>Service level objectives</h1>
        <button type="button" onClick={() => setEditing('new')} data-testid="new-slo">
          New SLO
        </button>
      </div>
      <AlertingNav />
      {editing !== null && (
        <SloEditor
          key={editing === 'new' ? 'new' : editing.id}
          slo={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      {problem && (
        <p className="notice error" role="alert" data-testid="slo-action-problem">
          {problem}
        </p>
      )}
      <StateView state={slos} label="SLOs">
        {({ slos: list }) =>
          list.length === 0 ? (
            <p className="state empty">
              No SLOs defined. Add one with New SLO, e.g. availability 99.9% over 30 days for a model.
            </p>
          ) : (
            <div className="slo-grid">
              {list.map((s) => (
                <SloCard key={`${s.id}@${reload}`} slo={s} onEdit={() => setEditing(s)} onDelete={() => remove(s)} />
              ))}
            </div>
          )
        }
      </StateView>
      <p className="muted small">
        An SLO does not page by itself: add an SLO burn-rate rule with the same objective and scope to be paged.
      </p>
    </section>
  );
}

function describeSlo(s: SloBody): string {
  const what = s.kind === 'availability' ? 'calls succeed' : `calls take ≤ ${formatMs(s.latencyThresholdMs ?? null)}`;
  const scope = [s.model ?? 'all models', s.endpoint].filter(Boolean).join(' · ');
  return `${s.objectivePercent}% of ${what} over ${s.periodDays ?? 30} days — ${scope}`;
}

function SloCard({ slo, onEdit, onDelete }: { slo: SloBody; onEdit: () => void; onDelete: () => void }) {
  const status = useApi<SloStatusResult>(`/api/v1/slos/${encodeURIComponent(slo.id)}/status`);
  return (
    <section className="card" data-testid="slo-card" data-slo={slo.id}>
      <div className="actions" style={{ justifyContent: 'space-between' }}>
        <h2>{slo.name}</h2>
        <div className="actions">
          <button type="button" onClick={onEdit} data-testid="edit-slo">
            Edit
          </button>
          <button type="button" className="danger-button" onClick={onDelete} data-testid="delete-slo">
            Delete
          </button>
        </div>
      </div>
      <p className="muted small">{describeSlo(slo)}</p>
      <StateView state={status} label="SLO status">
        {({ status: st }) => {
          const noTraffic = st.totalEvents === 0;
          const remaining = noTraffic ? null : st.remainingFraction;
          const bar = remaining === null ? 0 : Math.max(0, Math.min(1, remaining));
          return (
            <>
              <div className="actions">
                <span>
                  Error budget remaining: <strong data-testid="slo-remaining">{formatFraction(remaining)}</strong>
                </span>
                {st.isExhausted && <span className="badge sev-critical">budget exhausted</span>}
                {st.page && <span className="badge sev-firing">page</span>}
                {st.ticket && !st.page && <span className="badge sev-warning">ticket</span>}
              </div>
              <div
                className="budget-bar"
                title={noTraffic ? 'no traffic in the period' : `${formatFraction(remaining)} of the budget left`}
              >
                <div style={{ width: `${bar * 100}%` }} />
              </div>
              <dl className="facts small">
                <dt>Attained</dt>
                <dd data-testid="slo-attained">
                  {st.attainedPercent === null
                    ? '—'
                    : `${st.attainedPercent.toLocaleString('en-US', { maximumFractionDigits: 4 })}%`}
                </dd>
                <dt>Bad / total</dt>
                <dd data-testid="slo-events">
                  {formatCount(st.badEvents)} / {formatCount(st.totalEvents)} (allowed {formatRate(st.allowedBadEvents)}{' '}
                  bad: {formatCount(st.errorBudgetPpm)} ppm)
                </dd>
                <dt>Period</dt>
                <dd>
                  <Time value={st.period.from} /> – <Time value={st.period.to} />
                </dd>
                <dt>Alerts now</dt>
                <dd data-testid="slo-alerts">
                  {st.page ? 'page (fast burn)' : st.ticket ? 'ticket (slow burn)' : 'none'}
                </dd>
              </dl>
              <table className="burn-table" data-testid="slo-burn-rates">
                <thead>
                  <tr>
                    <th>Burn rate</th>
                    {BURN_WINDOWS.map((w) => (
                      <th key={w}>{w}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>now</td>
                    {BURN_WINDOWS.map((w) => (
                      <td key={w} data-testid={`burn-${w}`}>
                        {formatBurnRate(st.burnRates[w] ?? null)}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
              <p className="muted small">
                Thresholds: {BURN_PAIRS.map((p) => `${p.kind} when ${p.long} and ${p.short} ≥ ${p.rate}×`).join('; ')}.
                1× spends exactly the budget over the period.
              </p>
            </>
          );
        }}
      </StateView>
    </section>
  );
}
