import { useMemo } from 'react';
import type { CostResult } from '@vigil/protocol';
import { ChartCard } from '../../charts/ChartCard.js';
import { StatTile } from '../../components/StatTile.js';
import { formatCount, formatStep, formatUsd } from '../../format/format-value.js';
import { costLines, GROUP_BY_LABELS, MAX_CHART_GROUPS } from './cost-format.js';

/** Totals, spend and cost-per-prediction charts per group, and the group table of one GET /api/v1/cost answer. */
export function SpendSection({ cost }: { cost: CostResult }) {
  const spendLines = useMemo(() => costLines(cost.groups, 'spendUsd'), [cost]);
  const cppLines = useMemo(() => costLines(cost.groups, 'costPerCallUsd'), [cost]);
  const label = GROUP_BY_LABELS[cost.groupBy];
  const showModels = cost.groupBy !== 'model';
  const chartNote = `per ${formatStep(cost.step)} bucket${cost.groups.length > MAX_CHART_GROUPS ? ` · top ${MAX_CHART_GROUPS} of ${cost.groups.length}` : ''}`;
  return (
    <section className="cost-section" data-testid="cost-spend">
      <div className="tiles">
        <StatTile label="Spend" value={formatUsd(cost.total.spendUsd)} testId="cost-total-spend" />
        <StatTile label="Predictions" value={formatCount(cost.total.calls)} testId="cost-total-calls" />
        <StatTile
          label="Predictions with a cost"
          value={formatCount(cost.total.callsWithCost)}
          testId="cost-total-costed"
        />
        <StatTile label="Cost per prediction" value={formatUsd(cost.total.costPerCallUsd)} testId="cost-total-cpp" />
      </div>
      {cost.total.calls === 0 ? (
        <p className="state empty" data-testid="cost-empty">
          No predictions in this period, so no spend to show.
        </p>
      ) : (
        <>
          {cost.total.callsWithCost === 0 && (
            <p className="cost-note" data-testid="cost-no-cost">
              No call in this period carried a cost (<code>costUsd</code>): spend is $0 and cost per prediction is
              unknown (—).
            </p>
          )}
          <div className="chart-grid">
            <ChartCard
              title={`Spend by ${label.toLowerCase()}`}
              note={chartNote}
              testId="cost-spend-chart"
              lines={spendLines}
              format={formatUsd}
            />
            <ChartCard
              title={`Cost per prediction by ${label.toLowerCase()}`}
              note={chartNote}
              testId="cost-cpp-chart"
              lines={cppLines}
              format={formatUsd}
            />
          </div>
          <table className="data-table responsive cost-table" data-testid="cost-groups">
            <thead>
              <tr>
                <th>{label}</th>
                {showModels && <th>Models</th>}
                <th className="num">Spend</th>
                <th className="num">Predictions</th>
                <th className="num">With a cost</th>
                <th className="num">Cost / prediction</th>
              </tr>
            </thead>
            <tbody>
              {cost.groups.map((g) => (
                <tr key={g.key} data-testid="cost-group-row" data-key={g.key}>
                  <td data-label={label}>{g.key}</td>
                  {showModels && (
                    <td data-label="Models" className="small">
                      {g.models.join(', ')}
                    </td>
                  )}
                  <td data-label="Spend" className="num" data-testid="cost-group-spend">
                    {formatUsd(g.totals.spendUsd)}
                  </td>
                  <td data-label="Predictions" className="num">
                    {formatCount(g.totals.calls)}
                  </td>
                  <td data-label="With a cost" className="num">
                    {formatCount(g.totals.callsWithCost)}
                  </td>
                  <td data-label="Cost / prediction" className="num" data-testid="cost-group-cpp">
                    {formatUsd(g.totals.costPerCallUsd)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {showModels && (
            <p className="small muted">
              A model shared by several {cost.groupBy === 'team' ? 'teams' : 'use cases'} counts fully in each, so the
              rows can add up to more than the total; “(unassigned)” is spend of models no live use case owns. Cost per
              prediction = spend ÷ all predictions.
            </p>
          )}
        </>
      )}
    </section>
  );
}
