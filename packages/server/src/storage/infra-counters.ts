import type { InfraPoint, InfraResource } from './contracts/index.js';

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
