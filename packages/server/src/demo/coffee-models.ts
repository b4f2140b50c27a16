/**
 * The coffee company's four AI APIs (the deck's scenario): what each endpoint serves, its share of the
 * traffic, its latency and its baseline errors. The numbers are plausible, not measured: a cached GET
 * answers in milliseconds, a vision model in a couple of hundred, an LLM chat in seconds.
 */
export type DemoModelType = 'classification' | 'regression' | 'llm' | 'vision';

export interface DemoEndpoint {
  model: string;
  modelType: DemoModelType;
  modelVersion: string;
  endpoint: string;
  /** Fraction of all demo calls. The shares add up to 1. */
  share: number;
  /** Log-normal latency: median and the standard deviation of its log. For the LLM this is time to first token. */
  latency: { medianMs: number; sigma: number };
  /** Baseline fraction of failed calls and the error types they report. */
  errorRate: number;
  errorTypes: readonly string[];
  /** Compute cost of one call in US dollars (the LLM's cost comes from its tokens instead). */
  costPerCallUsd: number;
  /**
   * The version that served before the current one went live (`TrafficModel` option `releaseMs`), and how
   * much slower it was: the history shows the release as a version mark and a step in latency.
   */
  previousVersion?: { version: string; latencyFactor: number };
}

export const DEMO_ENDPOINTS: readonly DemoEndpoint[] = [
  {
    model: 'drink-recommender',
    modelType: 'classification',
    modelVersion: '3.2.0',
    endpoint: 'POST /v1/recommend',
    share: 0.5,
    latency: { medianMs: 38, sigma: 0.45 },
    errorRate: 0.002,
    errorTypes: ['timeout', 'feature_store_unavailable'],
    costPerCallUsd: 0.00004,
    previousVersion: { version: '3.1.4', latencyFactor: 1.25 },
  },
  {
    model: 'drink-recommender',
    modelType: 'classification',
    modelVersion: '3.2.0',
    previousVersion: { version: '3.1.4', latencyFactor: 1 },
    endpoint: 'GET /v1/recommend/popular',
    share: 0.15,
    latency: { medianMs: 6, sigma: 0.5 },
    errorRate: 0.0005,
    errorTypes: ['cache_miss_timeout'],
    costPerCallUsd: 0.000002,
  },
  {
    model: 'demand-forecaster',
    modelType: 'regression',
    modelVersion: '2024.11',
    endpoint: 'POST /v1/forecast',
    share: 0.05,
    latency: { medianMs: 140, sigma: 0.5 },
    errorRate: 0.003,
    errorTypes: ['timeout', 'invalid_store'],
    costPerCallUsd: 0.0002,
  },
  {
    model: 'barista-assistant',
    modelType: 'llm',
    modelVersion: 'prompt-v7',
    endpoint: 'POST /v1/chat',
    share: 0.1,
    latency: { medianMs: 420, sigma: 0.5 },
    errorRate: 0.004,
    errorTypes: ['rate_limited', 'upstream_timeout', 'upstream_5xx'],
    costPerCallUsd: 0,
  },
  {
    model: 'latte-art-checker',
    modelType: 'vision',
    modelVersion: '1.4.1',
    endpoint: 'POST /v1/latte-art/score',
    share: 0.2,
    latency: { medianMs: 180, sigma: 0.35 },
    errorRate: 0.002,
    errorTypes: ['image_decode_failed', 'timeout'],
    costPerCallUsd: 0.0009,
  },
];

/** The demo's models with their type and endpoints, as GET /api/v1/demo lists them. */
export function listDemoModels(): Array<{
  model: string;
  modelType: DemoModelType;
  modelVersion: string;
  endpoints: string[];
}> {
  const byModel = new Map<
    string,
    { model: string; modelType: DemoModelType; modelVersion: string; endpoints: string[] }
  >();
  for (const e of DEMO_ENDPOINTS) {
    const m = byModel.get(e.model) ?? {
      model: e.model,
      modelType: e.modelType,
      modelVersion: e.modelVersion,
      endpoints: [],
    };
    m.endpoints.push(e.endpoint);
    byModel.set(e.model, m);
  }
  return [...byModel.values()];
}

export const DRINKS = [
  'latte',
  'cappuccino',
  'flat-white',
  'cold-brew',
  'iced-latte',
  'mocha',
  'matcha-latte',
  'americano',
] as const;
export const STORES = Array.from({ length: 24 }, (_, i) => `store-${String(i + 1).padStart(3, '0')}`);
export const LOYALTY_TIERS = ['none', 'green', 'gold', 'platinum'] as const;

/** US dollars per million tokens; the barista assistant mostly uses the small model. */
export const LLM_PRICES: Record<
  string,
  { provider: string; inputPerMTok: number; outputPerMTok: number; share: number }
> = {
  'gpt-4o-mini': { provider: 'openai', inputPerMTok: 0.15, outputPerMTok: 0.6, share: 0.7 },
  'gpt-4o': { provider: 'openai', inputPerMTok: 2.5, outputPerMTok: 10, share: 0.1 },
  'claude-3-5-haiku': { provider: 'anthropic', inputPerMTok: 0.8, outputPerMTok: 4, share: 0.2 },
};

export function computeLlmCost(requestModel: string, inputTokens: number, outputTokens: number): number {
  const p = LLM_PRICES[requestModel];
  if (!p) return 0;
  return (inputTokens * p.inputPerMTok + outputTokens * p.outputPerMTok) / 1e6;
}
