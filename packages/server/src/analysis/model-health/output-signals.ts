import { REFUSAL_FINISH_REASONS } from '../llm/index.js';
import type { ColumnProfile, ModelProfile } from '../profile/index.js';
import { categoryCounts, columnKind } from './profile-columns.js';

/** A numerical column in a few numbers: quantiles within the sketch's 1 % relative error, exact count/mean/min/max. */
export interface ColumnDistribution {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LlmWindowSignals {
  /** Events with any `llm.*` field: the largest present count among those columns. */
  calls: number;
  /** Finish reasons in the refusal set (lower-cased) / events reporting a finish reason; null without any. */
  refusalRate: number | null;
  /** responseLength 0 (outputTokens 0 when no length is sent) / events reporting it; null without any. */
  emptyAnswerRate: number | null;
  /** Lower-cased finish reason → share of events reporting one. */
  finishReasons: Record<string, number>;
  inputTokens: ColumnDistribution | null;
  outputTokens: ColumnDistribution | null;
  costUsd: ColumnDistribution | null;
  ttftMs: ColumnDistribution | null;
  promptLength: ColumnDistribution | null;
  responseLength: ColumnDistribution | null;
}

export interface VisionWindowSignals {
  /** Events with any `vision.*` field. */
  images: number;
  /** Numerical image properties (width, height, brightness, custom ones) by name without the `vision.` prefix. */
  properties: Record<string, ColumnDistribution>;
  /** Categorical image properties (format, custom ones): value → share. */
  categories: Record<string, Record<string, number>>;
  confidence: ColumnDistribution | null;
}

/**
 * Summary of a numerical profile column; null when it has no finite numbers.
 * @example describeColumn(profile.outputs.get('llm.ttftMs'))?.p95
 */
export function describeColumn(c: ColumnProfile | undefined): ColumnDistribution | null {
  if (c === undefined || c.sketch === null || c.sketch.count === 0 || c.moments === null) return null;
  const s = c.sketch;
  return {
    count: s.count,
    mean: c.moments.mean,
    min: s.min,
    p50: s.quantile(0.5),
    p90: s.quantile(0.9),
    p95: s.quantile(0.95),
    p99: s.quantile(0.99),
    max: s.max,
  };
}

/**
 * Category shares of a column (strings, booleans and numbers binned by the sketch); `(other)` holds the
 * Misra-Gries remainder when more than 64 distinct values were seen. Empty when the column has no values.
 */
export function categoryShares(
  c: ColumnProfile | undefined,
  normalise: (v: string) => string = (v) => v,
): Record<string, number> {
  if (c === undefined) return {};
  const counts = new Map<string, number>();
  let total = 0;
  for (const [k, n] of categoryCounts(c)) {
    const key = normalise(k);
    counts.set(key, (counts.get(key) ?? 0) + n);
    total += n;
  }
  const out: Record<string, number> = {};
  for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out[k] = n / total;
  return out;
}

function zeroCount(c: ColumnProfile | undefined): { zeros: number; known: number } | null {
  if (c === undefined || c.sketch === null || c.sketch.count === 0) return null;
  let zeros = 0;
  for (const b of c.sketch.bins()) if (b.value === 0) zeros += b.count;
  return { zeros, known: c.sketch.count };
}

/**
 * LLM signals of a window, read from its profile's `llm.*` and `costUsd` output columns (the same numbers
 * `LlmSignals` keeps, rebuilt from the profile so they exist for every stored hour). Null when the window
 * has no `llm.*` column.
 *
 * @example summariseLlmProfile(window.profile)?.refusalRate
 */
export function summariseLlmProfile(p: ModelProfile): LlmWindowSignals | null {
  let calls = 0;
  for (const [name, c] of p.outputs) if (name.startsWith('llm.')) calls = Math.max(calls, c.present);
  if (calls === 0) return null;
  const finish = p.outputs.get('llm.finishReason');
  const finishReasons = categoryShares(finish, (v) => v.toLowerCase());
  let refusalShare = 0;
  for (const [reason, share] of Object.entries(finishReasons))
    if (REFUSAL_FINISH_REASONS.has(reason)) refusalShare += share;
  const empty = zeroCount(p.outputs.get('llm.responseLength')) ?? zeroCount(p.outputs.get('llm.outputTokens'));
  return {
    calls,
    refusalRate: finish !== undefined && finish.present > 0 ? refusalShare : null,
    emptyAnswerRate: empty !== null ? empty.zeros / empty.known : null,
    finishReasons,
    inputTokens: describeColumn(p.outputs.get('llm.inputTokens')),
    outputTokens: describeColumn(p.outputs.get('llm.outputTokens')),
    costUsd: describeColumn(p.outputs.get('costUsd')),
    ttftMs: describeColumn(p.outputs.get('llm.ttftMs')),
    promptLength: describeColumn(p.outputs.get('llm.promptLength')),
    responseLength: describeColumn(p.outputs.get('llm.responseLength')),
  };
}

/**
 * Vision signals of a window from its `vision.*` columns and `prediction.confidence`. Null when the
 * window has no `vision.*` column.
 */
export function summariseVisionProfile(p: ModelProfile): VisionWindowSignals | null {
  let images = 0;
  const properties: Record<string, ColumnDistribution> = {};
  const categories: Record<string, Record<string, number>> = {};
  for (const [name, c] of p.outputs) {
    if (!name.startsWith('vision.')) continue;
    images = Math.max(images, c.present);
    const key = name.slice('vision.'.length);
    const kind = columnKind(c);
    if (kind === 'numerical') properties[key] = describeColumn(c)!;
    else if (kind === 'categorical') categories[key] = categoryShares(c);
  }
  if (images === 0) return null;
  return { images, properties, categories, confidence: describeColumn(p.outputs.get('prediction.confidence')) };
}
