import { useState } from 'react';
import type { BudgetStatus, BudgetsResult } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { formatUsd } from '../../format/format-value.js';
import { formatBudgetTarget, formatUsdOfBudget } from './cost-format.js';

type Scope = BudgetStatus['scope'];
interface Draft {
  scope: Scope;
  target: string;
  monthlyUsd: string;
}

const SCOPES: Array<{ value: Scope; label: string }> = [
  { value: 'model', label: 'Model' },
  { value: 'useCase', label: 'Use case' },
  { value: 'team', label: 'Team' },
];

/** Monthly budgets (GET /api/v1/cost/budgets) with month-to-date spend, forecast and status; edited with PUT (admin key). */
export function BudgetsSection() {
  const [reload, setReload] = useState(0);
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const budgets = useApi<BudgetsResult>('/api/v1/cost/budgets', {}, reload);
  const startEditing = (list: BudgetStatus[]) =>
    setDrafts(list.map((b) => ({ scope: b.scope, target: b.target, monthlyUsd: String(b.monthlyUsd) })));
  return (
    <section className="cost-section" data-testid="cost-budgets">
      <div className="cost-section-head">
        <h2>Monthly budgets</h2>
        {budgets.status === 'ok' && drafts === null && (
          <button type="button" onClick={() => startEditing(budgets.data.budgets)}>
            Edit budgets
          </button>
        )}
      </div>
      <StateView state={budgets} label="budgets">
        {(data) =>
          drafts !== null ? (
            <BudgetEditor
              drafts={drafts}
              onChange={setDrafts}
              onDone={(saved) => {
                setDrafts(null);
                if (saved) setReload((n) => n + 1);
              }}
            />
          ) : data.budgets.length === 0 ? (
            <p className="state empty" data-testid="cost-budgets-empty">
              No budgets set. Add one per model, use case or team with “Edit budgets” (admin key).
            </p>
          ) : (
            <BudgetTable budgets={data.budgets} />
          )
        }
      </StateView>
      <p className="small muted">
        UTC calendar month. Forecast = month-to-date spend ÷ elapsed days × days in the month; <em>at-risk</em> when the
        forecast is above the budget, <em>over</em> when the spend already is. Alert rules page the Business team on
        these with the metrics <code>budget.forecastRatio</code> and <code>budget.spentRatio</code> in area “Cost
        Monitoring” (docs/cost.md).
      </p>
    </section>
  );
}

function BudgetTable({ budgets }: { budgets: BudgetStatus[] }) {
  return (
    <table className="data-table responsive cost-table">
      <thead>
        <tr>
          <th>Budget</th>
          <th className="num">Monthly</th>
          <th className="num">Month to date</th>
          <th className="num">Forecast to month end</th>
          <th>Status</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {budgets.map((b) => (
          <tr key={`${b.scope}:${b.target}`} data-testid="cost-budget-row" data-target={`${b.scope}:${b.target}`}>
            <td data-label="Budget">{formatBudgetTarget(b)}</td>
            <td data-label="Monthly" className="num" data-testid="budget-monthly">
              {formatUsd(b.monthlyUsd)}
            </td>
            <td data-label="Month to date" className="num" data-testid="budget-spent">
              {formatUsdOfBudget(b.spentUsd, b.usedRatio)}
            </td>
            <td data-label="Forecast" className="num" data-testid="budget-forecast">
              {formatUsdOfBudget(b.forecastUsd, b.forecastRatio)}
            </td>
            <td data-label="Status">
              <span className={`cost-status ${b.status}`} data-testid="budget-status">
                {b.status}
              </span>
            </td>
            <td data-label="Detail" className="small">
              {b.detail}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BudgetEditor({
  drafts,
  onChange,
  onDone,
}: {
  drafts: Draft[];
  onChange: (d: Draft[]) => void;
  onDone: (saved: boolean) => void;
}) {
  const form = useSaveForm(() => onDone(true));
  const set = (i: number, patch: Partial<Draft>) => onChange(drafts.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  const save = () =>
    form.submit(() =>
      sendApi('PUT', '/api/v1/cost/budgets', {
        budgets: drafts.map((d) => ({ scope: d.scope, target: d.target.trim(), monthlyUsd: Number(d.monthlyUsd) })),
      }),
    );
  return (
    <form
      className="cost-editor"
      data-testid="budget-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {drafts.length === 0 && <p className="muted">No budgets: saving an empty list removes them all.</p>}
      {drafts.map((d, i) => (
        <div key={i} className="cost-editor-row">
          <select
            aria-label={`Budget ${i + 1} scope`}
            value={d.scope}
            onChange={(e) => set(i, { scope: e.target.value as Scope })}
          >
            {SCOPES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <input
            aria-label={`Budget ${i + 1} target`}
            placeholder="model slug, use-case id or team"
            value={d.target}
            onChange={(e) => set(i, { target: e.target.value })}
            required
          />
          <input
            aria-label={`Budget ${i + 1} monthly USD`}
            type="number"
            min="0"
            step="any"
            value={d.monthlyUsd}
            onChange={(e) => set(i, { monthlyUsd: e.target.value })}
            required
          />
          <button type="button" onClick={() => onChange(drafts.filter((_, k) => k !== i))}>
            Remove
          </button>
        </div>
      ))}
      {form.problem && (
        <p className="state error" role="alert" data-testid="budget-save-error">
          Could not save the budgets: {form.problem.message}
        </p>
      )}
      <div className="cost-editor-actions">
        <button type="button" onClick={() => onChange([...drafts, { scope: 'team', target: '', monthlyUsd: '' }])}>
          Add budget
        </button>
        <button type="submit" className="primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : 'Save budgets'}
        </button>
        <button type="button" onClick={() => onDone(false)} disabled={form.isSaving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
