import type { InfraPoint, InfraResource, InfraResourceRecord } from './contracts/index.js';

const MINUTE = 60_000;

/**
 * The stable key of a resource: its four identifying names, unambiguous; a GenAI client resource adds its LLM
 * and the Vigil model (more elements, so the keys of resources stored before they existed do not change).
 */
export const infraResourceKey = (r: InfraResource): string =>
  JSON.stringify(
    r.genAiModel
      ? [r.service ?? '', r.host ?? '', r.pod ?? '', r.container ?? '', r.genAiModel, r.model ?? '']
      : [r.service ?? '', r.host ?? '', r.pod ?? '', r.container ?? ''],
  );

/** A row of `infra_resources` (both backends' column names); `metrics` as each backend aggregates it. */
export interface InfraResourceRow<M> {
  key: string;
  service: string | null;
  host: string | null;
  pod: string | null;
  container: string | null;
  namespace: string | null;
  model: string | null;
  genai_model: string | null;
  genai_provider: string | null;
  first_seen: number;
  last_seen: number;
  metrics: M;
}

/** The record of a resource row, with the names of the metrics stored for it. */
export const infraResourceOfRow = (r: InfraResourceRow<unknown>, metrics: string[]): InfraResourceRecord => ({
  key: r.key,
  service: r.service,
  host: r.host,
  pod: r.pod,
  container: r.container,
  namespace: r.namespace,
  model: r.model,
  genAiModel: r.genai_model,
  genAiProvider: r.genai_provider,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  metrics,
});

/** The last stored point of one cumulative source series. */
export interface CounterState {
  startTime: number;
  time: number;
  value: number;
}

/**
 * What a point adds to its minute, given the series' previous state (cumulative points only; gauges and deltas
 * add their value). `null`: nothing to add — a repeat or an older point (already counted), or the first point of
 * a series, which is its baseline unless the series started counting within the last minute. A value below the
 * previous one or a new start time is a reset: the series counts from zero again. Both backends use this.
 */
export function counterIncrease(prev: CounterState | undefined, p: InfraPoint): number | null {
  if (p.kind !== 'cumulative') return p.value;
  if (!prev) return p.startTime > 0 && p.time - p.startTime <= MINUTE ? p.value : null;
  if (p.time <= prev.time) return null;
  const reset = p.value < prev.value || (p.startTime > 0 && prev.startTime > 0 && p.startTime !== prev.startTime);
  return reset ? p.value : p.value - prev.value;
}

export const minuteOf = (time: number): number => Math.floor(time / MINUTE) * MINUTE;
