import { useNow } from '../../api/refresh.js';
import type { CostGroupBy, CostResult } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { updateQuery, useLocation } from '../../routing/router.js';
import { BudgetsSection } from './BudgetsSection.js';
import { COST_PERIODS, GROUP_BY_LABELS } from './cost-format.js';
import { PricesSection } from './PricesSection.js';
import { SpendSection } from './SpendSection.js';
import './cost.css';

const DAY = 86_400_000;
const GROUP_BYS = Object.keys(GROUP_BY_LABELS) as CostGroupBy[];

/** `/cost?days=30&groupBy=model`: spend and cost per prediction over time, monthly budgets, the LLM price table. */
export function CostPage() {
  const { query } = useLocation();
  const period = COST_PERIODS.find((p) => p.days === Number(query.get('days'))) ?? COST_PERIODS[1]!;
  const groupBy = GROUP_BYS.find((g) => g === query.get('groupBy')) ?? 'model';
  // Whole minutes, so re-renders ask for the same period.
  const to = Math.floor(useNow() / 60_000) * 60_000;
  const cost = useApi<CostResult>('/api/v1/cost', {
    from: new Date(to - period.days * DAY).toISOString(),
    to: new Date(to).toISOString(),
    step: period.step,
    groupBy,
  });
  return (
    <section className="page cost-page" data-testid="cost-page">
      <div className="page-head">
        <h1>Cost</h1>
        <div className="cost-controls">
          <div className="segmented" role="group" aria-label="Group by">
            {GROUP_BYS.map((g) => (
              <button
                key={g}
                type="button"
                aria-pressed={g === groupBy}
                onClick={() => updateQuery({ groupBy: g === 'model' ? undefined : g })}
              >
                {GROUP_BY_LABELS[g]}
              </button>
            ))}
          </div>
          <div className="segmented" role="group" aria-label="Period">
            {COST_PERIODS.map((p) => (
              <button
                key={p.days}
                type="button"
                aria-pressed={p.days === period.days}
                onClick={() => updateQuery({ days: p.days === 30 ? undefined : String(p.days) })}
              >
                {p.days} days
              </button>
            ))}
          </div>
        </div>
      </div>
      <StateView state={cost} label="spend">
        {(c) => <SpendSection cost={c} />}
      </StateView>
      <BudgetsSection />
      <PricesSection />
    </section>
  );
}
