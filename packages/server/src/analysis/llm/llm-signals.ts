import type { Event } from '@vigil/protocol';
import { FrequentItems, QuantileSketch, type FrequentItemsJson, type QuantileSketchJson } from '../profile/index.js';

/**
 * Finish reasons that mean the provider refused or filtered the answer (compared lower-case):
 * OpenAI `content_filter`, Anthropic `refusal`, Google `safety`, `recitation`, `blocklist`,
 * `prohibited_content`, `spii`.
 */
export const REFUSAL_FINISH_REASONS: ReadonlySet<string> = new Set([
  'content_filter',
  'refusal',
  'safety',
  'recitation',
  'blocklist',
  'prohibited_content',
  'spii',
]);

const DISTRIBUTIONS = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'costUsd',
  'ttftMs',
  'promptLength',
  'responseLength',
] as const;
export type LlmDistribution = (typeof DISTRIBUTIONS)[number];

export interface LlmSignalsJson {
  n: number;
  refusals: number;
  empty: number;
  emptyKnown: number;
  finish: FrequentItemsJson;
  sketches: Partial<Record<LlmDistribution, QuantileSketchJson>>;
}

export interface DistributionSummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LlmSignalSummary {
  /** Events with an `llm` block. */
  calls: number;
  /** Share of calls whose finishReason is in {@link REFUSAL_FINISH_REASONS}; null without calls. */
  refusalRate: number | null;
  /** Share of calls with responseLength 0 (or outputTokens 0 when no length is sent), among calls reporting either. */
  emptyAnswerRate: number | null;
  /** Finish reason → share of calls that reported one (top 32; the rest in `other`). */
  finishReasons: Record<string, number>;
  distributions: Partial<Record<LlmDistribution, DistributionSummary>>;
}

/**
 * Mergeable LLM signals over a window: quantile sketches of tokens (input, output, total), cost,
 * time to first token and prompt/response lengths; finish-reason mix (top 32); refusal and empty-answer
 * counts. Prompt/response lengths also reach the profile (as `llm.*` output columns) so drift applies.
 *
 * @example
 * const s = new LlmSignals();
 * s.add({ model: 'chat', costUsd: 0.002, llm: { inputTokens: 900, outputTokens: 0, finishReason: 'content_filter', responseLength: 0 } });
 * summariseLlmSignals(s).refusalRate; // 1
 */
export class LlmSignals {
  calls = 0;
  refusals = 0;
  emptyAnswers = 0;
  /** Calls that reported responseLength or outputTokens, the denominator of the empty-answer rate. */
  emptyKnown = 0;
  readonly finishReasons = new FrequentItems(32);
  readonly sketches = new Map<LlmDistribution, QuantileSketch>();

  add(event: Event): void {
    const llm = event.llm;
    if (llm === undefined) return;
    this.calls++;
    if (llm.finishReason !== undefined) {
      const reason = llm.finishReason.toLowerCase();
      this.finishReasons.add(reason);
      if (REFUSAL_FINISH_REASONS.has(reason)) this.refusals++;
    }
    const length = llm.responseLength ?? llm.outputTokens;
    if (length !== undefined) {
      this.emptyKnown++;
      if (length === 0) this.emptyAnswers++;
    }
    this.observe('inputTokens', llm.inputTokens);
    this.observe('outputTokens', llm.outputTokens);
    if (llm.inputTokens !== undefined || llm.outputTokens !== undefined)
      this.observe('totalTokens', (llm.inputTokens ?? 0) + (llm.outputTokens ?? 0));
    this.observe('costUsd', event.costUsd);
    this.observe('ttftMs', llm.ttftMs);
    this.observe('promptLength', llm.promptLength);
    this.observe('responseLength', llm.responseLength);
  }

  merge(other: LlmSignals): void {
    this.calls += other.calls;
    this.refusals += other.refusals;
    this.emptyAnswers += other.emptyAnswers;
    this.emptyKnown += other.emptyKnown;
    this.finishReasons.merge(other.finishReasons);
    for (const [key, sketch] of other.sketches) {
      const mine = this.sketches.get(key);
      if (mine === undefined) this.sketches.set(key, sketch.clone());
      else mine.merge(sketch);
    }
  }

  toJSON(): LlmSignalsJson {
    const sketches: Partial<Record<LlmDistribution, QuantileSketchJson>> = {};
    for (const key of DISTRIBUTIONS) {
      const s = this.sketches.get(key);
      if (s !== undefined) sketches[key] = s.toJSON();
    }
    return {
      n: this.calls,
      refusals: this.refusals,
      empty: this.emptyAnswers,
      emptyKnown: this.emptyKnown,
      finish: this.finishReasons.toJSON(),
      sketches,
    };
  }

  static fromJSON(json: LlmSignalsJson): LlmSignals {
    const s = new LlmSignals();
    s.calls = json.n;
    s.refusals = json.refusals;
    s.emptyAnswers = json.empty;
    s.emptyKnown = json.emptyKnown;
    s.finishReasons.merge(FrequentItems.fromJSON(json.finish));
    for (const key of DISTRIBUTIONS) {
      const j = json.sketches[key];
      if (j !== undefined) s.sketches.set(key, QuantileSketch.fromJSON(j));
    }
    return s;
  }

  private observe(key: LlmDistribution, value: number | undefined): void {
    if (value === undefined || !Number.isFinite(value)) return;
    let sketch = this.sketches.get(key);
    if (sketch === undefined) this.sketches.set(key, (sketch = new QuantileSketch()));
    sketch.add(value);
  }
}

/** Rates, finish-reason mix and p50/p90/p99 (within 1 % relative, DDSketch) of an {@link LlmSignals}. */
export function summariseLlmSignals(s: LlmSignals): LlmSignalSummary {
  const finishReasons: Record<string, number> = {};
  const reported = s.finishReasons.total;
  if (reported > 0) {
    for (const item of s.finishReasons.top()) finishReasons[item.value] = item.count / reported;
    const other = s.finishReasons.other();
    if (other > 0) finishReasons.other = other / reported;
  }
  const distributions: Partial<Record<LlmDistribution, DistributionSummary>> = {};
  for (const key of DISTRIBUTIONS) {
    const q = s.sketches.get(key);
    if (q === undefined || q.count === 0) continue;
    distributions[key] = {
      count: q.count,
      mean: q.mean(),
      p50: q.quantile(0.5),
      p90: q.quantile(0.9),
      p99: q.quantile(0.99),
      max: q.max,
    };
  }
  return {
    calls: s.calls,
    refusalRate: s.calls > 0 ? s.refusals / s.calls : null,
    emptyAnswerRate: s.emptyKnown > 0 ? s.emptyAnswers / s.emptyKnown : null,
    finishReasons,
    distributions,
  };
}
