import type { DashboardBody, DashboardPanel, SloBody, TeamInput, UseCaseInput } from '@vigil/protocol';
import { DAY_MS, HOUR_MS, MINUTE_MS, bucketStart } from '../analysis/api-health/index.js';
import { drawCall } from './call-draw.js';
import { SeededRandom } from './seeded-random.js';
import type { TrafficModel } from './traffic-model.js';

// What the coffee company configures in Vigil, as data: teams, SLOs, use cases, budgets, ROI inputs and one
// dashboard per team. demo-setup.ts sends it through the public API; the rules are coffee-rules.yaml.

export const INBOX_CHANNEL = 'demo-inbox';

const TEAM_MEMBERS: Record<string, string[]> = {
  DevOps: ['Ana Ruiz', 'Sam Okafor', 'Lee Chen'],
  'Data Science': ['Priya Nair', 'Tom Becker', 'Yuki Sato'],
  InfoSec: ['Omar Haddad', 'Elena Petrova', 'Jon Park'],
  Business: ['Maria Rossi', 'Ben Carter', 'Aisha Khan'],
  Executive: ['Grace Liu', 'Daniel Moore'],
};
export const DEMO_TEAMS = Object.keys(TEAM_MEMBERS);
export const CTO = { name: 'Grace Liu', role: 'cto' } as const;

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The five teams of the deck's RACI matrix, each with a weekly rotation (Mondays 09:00 UTC) paging the demo inbox. */
export function demoTeams(nowMs: number): TeamInput[] {
  // The Monday 09:00 UTC four weeks back: every member has had a shift already.
  const day = bucketStart(nowMs, DAY_MS) - 28 * DAY_MS;
  const weekday = (Math.floor(day / DAY_MS) + 4) % 7;
  const monday = day - ((weekday + 6) % 7) * DAY_MS + 9 * HOUR_MS;
  return Object.entries(TEAM_MEMBERS).map(([name, people]) => {
    const members = people.map((p) => ({
      id: slug(p),
      name: p,
      email: `${slug(p).replace('-', '.')}@coffee.example`,
    }));
    return {
      name,
      members,
      rotation: { startsAt: monday, handoffWeekday: 1, handoffHour: 9, memberIds: members.map((m) => m.id) },
      channels: { page: [INBOX_CHANNEL], notify: [INBOX_CHANNEL], digest: [INBOX_CHANNEL] },
      digest: { time: '08:00', timeZone: 'UTC' },
    };
  });
}

/** SLOs: recommendations availability 99.9 %, and a latency SLO per model (what intake's latency checkpoint asks). */
export const DEMO_SLOS: SloBody[] = [
  {
    id: 'recommend-availability',
    name: 'Recommendations available',
    kind: 'availability',
    model: 'drink-recommender',
    endpoint: 'POST /v1/recommend',
    objectivePercent: 99.9,
  },
  {
    id: 'recommend-latency',
    name: 'Recommendations under 150 ms',
    kind: 'latency',
    model: 'drink-recommender',
    objectivePercent: 99,
    latencyThresholdMs: 150,
  },
  {
    id: 'forecast-latency',
    name: 'Forecasts under 600 ms',
    kind: 'latency',
    model: 'demand-forecaster',
    objectivePercent: 99,
    latencyThresholdMs: 600,
  },
  {
    id: 'assistant-latency',
    name: 'Assistant answers under 8 s',
    kind: 'latency',
    model: 'barista-assistant',
    objectivePercent: 95,
    latencyThresholdMs: 8000,
  },
  {
    id: 'latte-art-latency',
    name: 'Latte-art scores under 500 ms',
    kind: 'latency',
    model: 'latte-art-checker',
    objectivePercent: 99,
    latencyThresholdMs: 500,
  },
];

/** The busiest 30 minutes of the day before `endMs` for these models' endpoints, and their mean calls/min. */
export function busiestWindow(
  traffic: TrafficModel,
  models: string[],
  endMs: number,
): { from: number; to: number; perMinute: number } {
  const end = bucketStart(endMs, MINUTE_MS);
  const idx = traffic.endpoints.flatMap((e, i) => (models.includes(e.model) ? [i] : []));
  const perMinute: number[] = [];
  for (let m = end - DAY_MS; m < end; m += MINUTE_MS)
    perMinute.push(idx.reduce((n, i) => n + traffic.callsInMinute(i, m), 0));
  let best = 0;
  let sum = perMinute.slice(0, 30).reduce((a, b) => a + b, 0);
  let bestSum = sum;
  for (let i = 30; i < perMinute.length; i++) {
    sum += perMinute[i]! - perMinute[i - 30]!;
    if (sum > bestSum) {
      bestSum = sum;
      best = i - 29;
    }
  }
  const from = end - DAY_MS + best * MINUTE_MS;
  return { from, to: from + 30 * MINUTE_MS, perMinute: bestSum / 30 };
}

/** Expected QPS a load test at `perMinute` calls/min passes (the checkpoint needs 90 % of QPS × 60). */
export const expectedQpsFor = (perMinute: number) => Math.max(0.1, Math.floor((perMinute / 60) * 10) / 10);

const compliance = (personalData: boolean) => ({ personalData, gdpr: personalData, pci: false });

/**
 * The use cases, one at every intake stage: two taken through intake to production, the assistant registered
 * as an existing production system, the latte-art checker ready to go live (only the CTO's approval missing), a
 * churn predictor in development, a staffing assistant still in requirements, and a retired pilot.
 */
export function demoUseCases(peakQps: Record<string, number>): Array<UseCaseInput & { id: string; target: string }> {
  return [
    {
      id: 'drink-recommendations',
      name: 'Drink recommendations',
      description: 'Personal drink suggestions in the app and at the till.',
      ownerTeam: 'Data Science',
      models: ['drink-recommender'],
      endpoints: ['POST /v1/recommend', 'GET /v1/recommend/popular'],
      businessImpact: { revenueAtStakeUsdPerHour: 2500, isCustomerFacing: true },
      expectedQps: peakQps['drink-recommender'],
      latencyLimitMs: 200,
      accuracyThreshold: 0.2,
      compliance: compliance(false),
      target: 'production',
    },
    {
      id: 'demand-forecasting',
      name: 'Store demand forecasting',
      description: 'Hourly drink demand per store for staffing and stock.',
      ownerTeam: 'Data Science',
      models: ['demand-forecaster'],
      endpoints: ['POST /v1/forecast'],
      businessImpact: { revenueAtStakeUsdPerHour: 400, isCustomerFacing: false },
      expectedQps: peakQps['demand-forecaster'],
      latencyLimitMs: 800,
      accuracyThreshold: null,
      compliance: compliance(false),
      target: 'production',
    },
    {
      id: 'barista-assistant',
      name: 'Barista assistant (chat)',
      description: 'Answers customers\u2019 questions about drinks and allergens in the app.',
      ownerTeam: 'Business',
      models: ['barista-assistant'],
      endpoints: ['POST /v1/chat'],
      businessImpact: { revenueAtStakeUsdPerHour: 12000, isCustomerFacing: true },
      expectedQps: peakQps['barista-assistant'],
      latencyLimitMs: 10000,
      accuracyThreshold: null,
      compliance: compliance(false),
      stage: 'production',
      target: 'production',
    },
    {
      id: 'latte-art-quality',
      name: 'Latte-art quality checks',
      description: 'Scores photos of latte art for barista training.',
      ownerTeam: 'Business',
      models: ['latte-art-checker'],
      endpoints: ['POST /v1/latte-art/score'],
      businessImpact: { revenueAtStakeUsdPerHour: 150, isCustomerFacing: false },
      expectedQps: peakQps['latte-art-checker'],
      latencyLimitMs: 900,
      accuracyThreshold: null,
      compliance: compliance(false),
      target: 'production_readiness',
    },
    {
      id: 'loyalty-churn',
      name: 'Loyalty churn prediction',
      description: 'Flags loyalty members likely to lapse, for a win-back offer.',
      ownerTeam: 'Data Science',
      models: ['churn-predictor'],
      endpoints: ['POST /v1/churn/score'],
      businessImpact: { revenueAtStakeUsdPerHour: 300, isCustomerFacing: false },
      expectedQps: 5,
      latencyLimitMs: 500,
      accuracyThreshold: 0.8,
      compliance: compliance(true),
      target: 'development',
    },
    {
      id: 'store-staffing-assistant',
      name: 'Store staffing assistant',
      description: 'Drafts shift plans from the demand forecast (idea stage).',
      ownerTeam: 'Business',
      models: [],
      endpoints: [],
      businessImpact: { revenueAtStakeUsdPerHour: 0, isCustomerFacing: false },
      target: 'requirements',
    },
    {
      id: 'menu-translator-pilot',
      name: 'Menu translator (pilot)',
      description: 'Machine-translated menus; replaced by the barista assistant.',
      ownerTeam: 'Business',
      models: [],
      endpoints: [],
      businessImpact: { revenueAtStakeUsdPerHour: 0, isCustomerFacing: false },
      expectedQps: 1,
      latencyLimitMs: 3000,
      accuracyThreshold: null,
      compliance: compliance(false),
      target: 'retired',
    },
  ];
}

/** Average monthly spend per model at the model's rate (30 days): the basis for the demo budgets. */
export function expectedMonthlySpend(traffic: TrafficModel): Record<string, number> {
  const rng = new SeededRandom(99);
  const out: Record<string, number> = {};
  traffic.endpoints.forEach((ep, i) => {
    let perCall = 0;
    for (let k = 0; k < 400; k++) perCall += drawCall(ep, traffic.conditionsAt(i, 0), rng).costUsd / 400;
    out[ep.model] = (out[ep.model] ?? 0) + traffic.options.ratePerMinute * ep.share * 43_200 * perCall;
  });
  return out;
}

/**
 * Monthly budgets: the assistant's is set below its spend (its forecast pages Business, as the deck's LLM
 * cost case), the others with room.
 */
export function demoBudgets(spend: Record<string, number>) {
  const round = (x: number) => Math.max(10, Math.round(x / 10) * 10);
  const dataScience = (spend['drink-recommender'] ?? 0) + (spend['demand-forecaster'] ?? 0);
  return [
    {
      scope: 'model' as const,
      target: 'barista-assistant',
      monthlyUsd: round((spend['barista-assistant'] ?? 0) * 0.8),
    },
    {
      scope: 'model' as const,
      target: 'latte-art-checker',
      monthlyUsd: round((spend['latte-art-checker'] ?? 0) * 1.3),
    },
    {
      scope: 'useCase' as const,
      target: 'drink-recommendations',
      monthlyUsd: round((spend['drink-recommender'] ?? 0) * 1.25),
    },
    { scope: 'team' as const, target: 'Data Science', monthlyUsd: round(dataScience * 1.2) },
  ];
}

/**
 * The report's ROI inputs: the deck's calculator scenario, and the money the measured view multiplies with the
 * demo's own incidents (a latency incident or error burst every hour or so, each over in minutes). What the
 * coffee company's Business team would enter for incidents that size:
 * - an incident that reaches customers costs ~$35: a few minutes of slow or failing recommendations or chat
 *   lose add-on sales (recommendations carry ~$2,500 an hour) and bring a store's call to support;
 * - an hour of degraded service costs ~$100: a 5× slower API loses a few per cent of the sales it drives;
 * - before Vigil such an incident was closed after ~20 minutes (a store called, someone checked it had passed);
 * - running Vigil: a small VM and a few hours of DevOps time a month, $22K a year; $15K to set up, $5K training.
 * With the demo's ~2,600 caught and ~4,900 resolved incidents a year (annualised over the report's 30 days) and
 * its measured MTTR of ~7 minutes that is an ROI of a few hundred per cent, the deck's range.
 */
export const DEMO_ROI_INPUTS = {
  calculator: {
    name: 'Deck, slide 5',
    oneTimeCosts: { implementation: '$50K', training: '$20K' },
    benefits: {
      incidentPrevention: '$300K',
      fasterResolution: '$150K',
      complianceAvoided: '$500K',
      retention: '$200K',
    },
    scenarios: [
      {
        name: 'low end',
        annualCosts: { licensing: '$120K', running: 0 },
        stated: { netBenefit: '$960K', roiPercent: 400, paybackMonths: 3 },
      },
      {
        name: 'high end',
        annualCosts: { licensing: '$180K' },
        stated: { netBenefit: '$900K', roiPercent: 380, paybackMonths: 4 },
      },
    ],
  },
  measured: {
    costPerIncidentUsd: 35,
    costPerHourUsd: 100,
    vigilRunningCostPerYearUsd: 22000,
    implementationUsd: 15000,
    trainingUsd: 5000,
    baselineMttrMinutes: 20,
  },
};

const panel = (p: DashboardPanel) => p;

/** One dashboard per team, pinned as its home. */
export const DEMO_DASHBOARDS: DashboardBody[] = [
  {
    id: 'devops-api-health',
    name: 'DevOps: API health',
    description: 'Latency, errors and throughput of every endpoint.',
    team: 'DevOps',
    range: '24h',
    panels: [
      panel({ id: 'calls', title: 'Calls per minute', display: 'number', metrics: ['callsPerMinute'], range: '1h' }),
      panel({ id: 'errors', title: 'Error rate', display: 'number', metrics: ['errorRate'], range: '1h' }),
      panel({
        id: 'p95',
        title: 'p95 latency by endpoint',
        display: 'chart',
        metrics: ['latency.p95'],
        groupBy: 'endpoint',
      }),
      panel({
        id: 'error-rate',
        title: 'Error rate by endpoint',
        display: 'chart',
        metrics: ['errorRate'],
        groupBy: 'endpoint',
      }),
      panel({
        id: 'endpoints',
        title: 'Endpoints',
        display: 'table',
        metrics: ['callsPerMinute', 'errorRate', 'latency.p50', 'latency.p99'],
        groupBy: 'endpoint',
      }),
    ],
  },
  {
    id: 'data-science-models',
    name: 'Data Science: model performance',
    description: 'Accuracy of the recommender and error of the forecaster, 30 days.',
    team: 'Data Science',
    range: '30d',
    panels: [
      panel({
        id: 'rec-accuracy',
        title: 'Recommender accuracy',
        display: 'chart',
        metrics: ['accuracy', 'accuracy.estimated'],
        model: 'drink-recommender',
      }),
      panel({
        id: 'rec-coverage',
        title: 'Recommender label coverage',
        display: 'number',
        metrics: ['labelCoverage'],
        model: 'drink-recommender',
      }),
      panel({
        id: 'forecast-mae',
        title: 'Forecaster MAE (drinks/hour)',
        display: 'chart',
        metrics: ['mae'],
        model: 'demand-forecaster',
      }),
      panel({
        id: 'forecast-p95',
        title: 'Forecaster p95 latency',
        display: 'chart',
        metrics: ['latency.p95'],
        model: 'demand-forecaster',
        range: '7d',
      }),
    ],
  },
  {
    id: 'infosec-errors',
    name: 'InfoSec: errors and traffic anomalies',
    description: 'Error bursts by model and the busiest stores.',
    team: 'InfoSec',
    range: '7d',
    panels: [
      panel({ id: 'errors', title: 'Errors by model', display: 'chart', metrics: ['errors'], groupBy: 'model' }),
      panel({
        id: 'error-table',
        title: 'Errors per endpoint',
        display: 'table',
        metrics: ['errors', 'errorRate'],
        groupBy: 'endpoint',
      }),
      panel({
        id: 'store',
        title: 'Store 007 calls per minute',
        display: 'chart',
        metrics: ['callsPerMinute'],
        model: 'drink-recommender',
        segment: 'store=store-007',
      }),
    ],
  },
  {
    id: 'business-spend',
    name: 'Business: spend',
    description: 'What the AI APIs cost, per model and per prediction.',
    team: 'Business',
    range: '30d',
    panels: [
      panel({ id: 'spend', title: 'Spend', display: 'number', metrics: ['cost'] }),
      panel({
        id: 'llm-spend',
        title: 'Barista assistant spend',
        display: 'number',
        metrics: ['cost', 'tokens'],
        model: 'barista-assistant',
      }),
      panel({
        id: 'cpp',
        title: 'Cost per prediction by model',
        display: 'chart',
        metrics: ['costPerCall'],
        groupBy: 'model',
      }),
      panel({
        id: 'by-model',
        title: 'Spend by model',
        display: 'table',
        metrics: ['cost', 'calls', 'costPerCall'],
        groupBy: 'model',
      }),
    ],
  },
  {
    id: 'executive-overview',
    name: 'Executive: at a glance',
    description: 'Volume, reliability and cost of AI in production.',
    team: 'Executive',
    range: '30d',
    panels: [
      panel({ id: 'calls', title: 'Calls', display: 'number', metrics: ['calls'] }),
      panel({ id: 'errors', title: 'Error rate', display: 'number', metrics: ['errorRate'] }),
      panel({ id: 'cost', title: 'Spend', display: 'number', metrics: ['cost'] }),
      panel({ id: 'p95', title: 'p95 latency by model', display: 'chart', metrics: ['latency.p95'], groupBy: 'model' }),
    ],
  },
];
