// Wire shapes of the cost and executive-report API (packages/server/src/api/cost-routes.ts, report-routes.ts,
// docs/cost.md). Mirrored, not imported, so the browser bundle does not pull server code in.

export interface CostSums {
  calls: number;
  callsWithCost: number;
  spendUsd: number;
  costPerCallUsd: number | null;
  inputTokens: number;
  outputTokens: number;
}

export interface CostGroup {
  key: string;
  models: string[];
  totals: CostSums;
  points?: Array<{ t: number; spendUsd: number; calls: number; costPerCallUsd: number | null }>;
}

export interface CostResult {
  from: number;
  to: number;
  step: number;
  groupBy: 'model' | 'useCase' | 'team';
  total: CostSums;
  groups: CostGroup[];
}

export interface BudgetStatus {
  scope: 'model' | 'useCase' | 'team';
  target: string;
  monthlyUsd: number;
  monthStart: string;
  monthEnd: string;
  daysInMonth: number;
  elapsedDays: number;
  spentUsd: number;
  dailyRateUsd: number | null;
  forecastUsd: number | null;
  usedRatio: number | null;
  forecastRatio: number | null;
  status: 'ok' | 'at-risk' | 'over';
  detail: string;
}

export interface BudgetsResult {
  budgets: BudgetStatus[];
  alerting: string;
}

export interface PriceVersion {
  version: number;
  provider: string;
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  validFrom: string;
  createdAt: string;
  apiKeyName: string | null;
  note: string | null;
}

export interface ScorecardMetric {
  key: string;
  title: string;
  target: string;
  targetValue: number;
  current: number | null;
  unit: 'ratio' | 'minutes' | string;
  isOnTarget: boolean | null;
  status: string;
  detail: string;
  /** Oldest first. Coverage: one point per stored daily snapshot; the others: six 30-day periods. */
  trend: Array<{ periodStart: string; value: number | null }>;
  items: Array<{ id: string; label: string; isCounted: boolean; note: string }>;
}

export interface RoiResult {
  name: string;
  yearOneCost: number;
  annualBenefit: number;
  netBenefit: number;
  benefits: Array<{ key: string; label: string; amount: number }>;
  roiPercent: number;
  paybackMonths: number | null;
  steps: Array<{ label: string; formula: string; values: string; result: string }>;
  discrepancies: Array<{ figure: string; message: string }>;
}

export interface HighImpactIncident {
  id: string;
  title: string;
  area: string;
  severity: string;
  model: string | null;
  team: string;
  status: string;
  isCustomerFacing: boolean;
  openedAt: string;
  resolvedAt: string | null;
  durationMinutes: number;
  impactUsdPerHour: number;
  estimatedImpactUsd: number;
}

export interface ExecutiveReport {
  generatedAt: string;
  period: { from: string; to: string; days: number };
  scorecard: {
    generatedAt: string;
    metrics: ScorecardMetric[];
    shadowModels: Array<{ model: string; firstSeen: string; lastSeen: string }>;
  };
  coverage: {
    metric: ScorecardMetric | null;
    shadowModels: Array<{ model: string; firstSeen: string; lastSeen: string }>;
  };
  roi: { isConfigured: boolean; updatedAt: string | null; scenarios: RoiResult[] };
  measuredRoi:
    | { isAvailable: false; reason: string }
    | {
        isAvailable: true;
        facts: {
          periodDays: number;
          incidents: number;
          caught: number;
          caughtPerYear: number;
          resolvedPerYear: number;
          mttrMinutes: number | null;
          baselineMttrMinutes: number | null;
          baseline: { from: string; to: string } | null;
          mttrReductionHours: number | null;
        };
        missing: string[];
        roi: RoiResult | null;
        notes: string[];
        caughtIncidents: Array<{
          id: string;
          title: string;
          severity: string;
          openedAt: string;
          resolvedInMinutes: number;
        }>;
      };
  highImpactIncidents: { thresholdUsd: number; items: HighImpactIncident[] };
  spend: { total: CostSums; byTeam: CostGroup[]; byModel: CostGroup[]; budgets: BudgetStatus[] };
  incidentsAvailable: boolean;
}
