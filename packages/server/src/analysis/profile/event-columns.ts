import type { Event } from '@vigil/protocol';
import type { ColumnValue } from './column-profile.js';
import type { ProfileBuilder } from './model-profile.js';

/**
 * Flattens the outputs of one event into profile columns, so drift and quality apply to them like to
 * features:
 *
 * - `prediction`: a primitive prediction, else `prediction.label`, else `prediction.value`
 * - `prediction.score`: `prediction.score`
 * - `prediction.confidence`: the largest of `prediction.probabilities`, else `prediction.score`
 * - `latencyMs`, `costUsd`
 * - `llm.<field>` for every LLM field (tokens, ttftMs, finishReason, prompt/response length, provider…)
 * - `vision.<field>` for every image property (width, height, brightness, format and custom ones)
 *
 * @example
 * eventOutputColumns({ model: 'm', prediction: { label: 'cat', probabilities: { cat: 0.9, dog: 0.1 } } });
 * // { prediction: 'cat', 'prediction.confidence': 0.9 }
 */
export function eventOutputColumns(event: Event): Record<string, ColumnValue> {
  const out: Record<string, ColumnValue> = {};
  const p = event.prediction;
  if (p !== undefined) {
    if (typeof p !== 'object' || p === null) {
      out.prediction = p as ColumnValue;
    } else {
      const label = p.label ?? p.value;
      if (label !== undefined) out.prediction = label;
      if (p.score !== undefined) out['prediction.score'] = p.score;
      const confidence = maxProbability(p.probabilities) ?? p.score;
      if (confidence !== undefined) out['prediction.confidence'] = confidence;
    }
  }
  if (event.latencyMs !== undefined) out.latencyMs = event.latencyMs;
  if (event.costUsd !== undefined) out.costUsd = event.costUsd;
  if (event.llm !== undefined)
    for (const key in event.llm) out[`llm.${key}`] = (event.llm as Record<string, ColumnValue>)[key];
  if (event.vision !== undefined)
    for (const key in event.vision) out[`vision.${key}`] = (event.vision as Record<string, ColumnValue>)[key];
  return out;
}

/** Largest probability of a probabilities map, undefined when absent or empty. */
export function maxProbability(probabilities: Readonly<Record<string, number>> | undefined): number | undefined {
  if (probabilities === undefined) return undefined;
  let best: number | undefined;
  for (const key in probabilities) if (best === undefined || probabilities[key] > best) best = probabilities[key];
  return best;
}

/**
 * Records one whole event into a builder: its features and its {@link eventOutputColumns}.
 *
 * @example
 * addEventToProfile(builder, { model: 'm', features: { age: 31 }, prediction: 0.7 });
 */
export function addEventToProfile(builder: ProfileBuilder, event: Event, weight = 1): void {
  builder.add(event.features as Record<string, ColumnValue> | undefined, eventOutputColumns(event), weight);
}
