import { computeLlmCost, LLM_PRICES, type DemoEndpoint } from './coffee-models.js';
import { inverseNormalCdf, type SeededRandom } from './seeded-random.js';
import type { Conditions } from './traffic-model.js';

/** The API-health facts of one simulated call: what both the live events and the backfilled rollups carry. */
export interface SimCall {
  latencyMs: number;
  isError: boolean;
  errorType: string | null;
  costUsd: number;
  inputTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
  llm: { provider: string; requestModel: string; finishReason: string } | null;
}

const LLM_MODELS = Object.keys(LLM_PRICES);
const LLM_SHARES = LLM_MODELS.map((m) => LLM_PRICES[m]!.share);
/** Generation speed per output token, by model (ms). */
const MS_PER_TOKEN: Record<string, number> = { 'gpt-4o-mini': 14, 'gpt-4o': 22, 'claude-3-5-haiku': 12 };
const MAX_OUTPUT_TOKENS = 512;

/**
 * Draws one call of `ep` under `cond`. `latencyU` places the latency at that quantile of the endpoint's
 * distribution (the backfill passes stratified values; live calls pass nothing and get a random one);
 * `isError` is given when the caller fixes the error count (the backfill), else drawn from the error rate.
 */
export function drawCall(
  ep: DemoEndpoint,
  cond: Conditions,
  rng: SeededRandom,
  fixed: { latencyU?: number; isError?: boolean } = {},
): SimCall {
  const u = fixed.latencyU ?? rng.next();
  const isError = fixed.isError ?? rng.chance(cond.errorRate);
  const errorType = isError
    ? cond.burstErrorType && rng.chance(0.8)
      ? cond.burstErrorType
      : rng.pick(ep.errorTypes)
    : null;
  let base =
    ep.latency.medianMs *
    Math.exp(ep.latency.sigma * inverseNormalCdf(Math.min(1 - 1e-9, Math.max(1e-9, u)))) *
    cond.latencyFactor;
  // Timeouts wait for the deadline; other failures are quick.
  if (errorType !== null) base *= /timeout/.test(errorType) ? 8 : 0.4;
  if (ep.modelType !== 'llm') {
    return {
      latencyMs: round2(base),
      isError,
      errorType,
      costUsd: ep.costPerCallUsd,
      inputTokens: null,
      outputTokens: null,
      ttftMs: null,
      llm: null,
    };
  }
  const requestModel = rng.pickWeighted(LLM_MODELS, LLM_SHARES);
  const provider = LLM_PRICES[requestModel]!.provider;
  const inputTokens = Math.round(rng.logNormal(380, 0.5)) + 40;
  if (isError) {
    const billed = errorType === 'rate_limited' ? 0 : inputTokens;
    return {
      latencyMs: round2(base),
      isError,
      errorType,
      costUsd: computeLlmCost(requestModel, billed, 0),
      inputTokens: billed,
      outputTokens: 0,
      ttftMs: null,
      llm: { provider, requestModel, finishReason: 'error' },
    };
  }
  const r = rng.next();
  // Mostly complete answers; some hit the token limit; a few are refused by the content filter.
  const finishReason = r < 0.015 ? 'content_filter' : r < 0.045 ? 'length' : 'stop';
  const outputTokens =
    finishReason === 'length'
      ? MAX_OUTPUT_TOKENS
      : finishReason === 'content_filter'
        ? 12 + rng.int(30)
        : Math.min(MAX_OUTPUT_TOKENS - 1, Math.round(rng.logNormal(150, 0.6)));
  const ttftMs = base;
  const latencyMs =
    ttftMs + outputTokens * (MS_PER_TOKEN[requestModel] ?? 15) * (0.8 + 0.4 * rng.next()) * cond.latencyFactor;
  return {
    latencyMs: round2(latencyMs),
    isError,
    errorType,
    costUsd: computeLlmCost(requestModel, inputTokens, outputTokens),
    inputTokens,
    outputTokens,
    ttftMs: round2(ttftMs),
    llm: { provider, requestModel, finishReason },
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
