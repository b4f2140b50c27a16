import { QuantileSketch } from '../sketches/index.js';

/** The API-health facts of one model call that rollups need. */
export interface CallFacts {
  model: string;
  endpoint: string;
  timestampMs: number;
  isError: boolean;
  errorType: string | null;
  latencyMs: number | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
}

/**
 * Mergeable API-health aggregate of the calls in one (model, endpoint, time bucket). Every field merges
 * by addition or sketch merge, so minute cells roll up into hours and days without raw events.
 */
export class HealthCell {
  calls = 0;
  errors = 0;
  errorTypes: Record<string, number> = {};
  latency = new QuantileSketch();
  costUsd = 0;
  costCount = 0;
  inputTokens = 0;
  outputTokens = 0;
  ttft = new QuantileSketch();

  add(f: CallFacts): void {
    this.calls += 1;
    if (f.isError) {
      this.errors += 1;
      const t = f.errorType ?? 'unknown';
      this.errorTypes[t] = (this.errorTypes[t] ?? 0) + 1;
    }
    if (f.latencyMs !== null) this.latency.add(f.latencyMs);
    if (f.costUsd !== null) {
      this.costUsd += f.costUsd;
      this.costCount += 1;
    }
    if (f.inputTokens !== null) this.inputTokens += f.inputTokens;
    if (f.outputTokens !== null) this.outputTokens += f.outputTokens;
    if (f.ttftMs !== null) this.ttft.add(f.ttftMs);
  }

  merge(o: HealthCell): void {
    this.calls += o.calls;
    this.errors += o.errors;
    for (const [t, n] of Object.entries(o.errorTypes)) this.errorTypes[t] = (this.errorTypes[t] ?? 0) + n;
    this.latency.merge(o.latency);
    this.costUsd += o.costUsd;
    this.costCount += o.costCount;
    this.inputTokens += o.inputTokens;
    this.outputTokens += o.outputTokens;
    this.ttft.merge(o.ttft);
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Rollup levels, finest first. Buckets are aligned to UTC multiples of the width. */
export const ROLLUP_LEVELS = [MINUTE_MS, HOUR_MS, DAY_MS] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

export function bucketStart(timestampMs: number, widthMs: number): number {
  return Math.floor(timestampMs / widthMs) * widthMs;
}

/** Column form of a HealthCell, as a store keeps it. */
export interface HealthCellParts {
  calls: number;
  errors: number;
  errorTypes: string;
  costUsd: number;
  costCount: number;
  inputTokens: number;
  outputTokens: number;
  latency: Uint8Array;
  ttft: Uint8Array;
}

export function cellToParts(c: HealthCell): HealthCellParts {
  return {
    calls: c.calls,
    errors: c.errors,
    errorTypes: JSON.stringify(c.errorTypes),
    costUsd: c.costUsd,
    costCount: c.costCount,
    inputTokens: c.inputTokens,
    outputTokens: c.outputTokens,
    latency: c.latency.encode(),
    ttft: c.ttft.encode(),
  };
}

export function cellFromParts(p: HealthCellParts): HealthCell {
  const c = new HealthCell();
  c.calls = p.calls;
  c.errors = p.errors;
  c.errorTypes = JSON.parse(p.errorTypes) as Record<string, number>;
  c.costUsd = p.costUsd;
  c.costCount = p.costCount;
  c.inputTokens = p.inputTokens;
  c.outputTokens = p.outputTokens;
  c.latency = QuantileSketch.decode(p.latency);
  c.ttft = QuantileSketch.decode(p.ttft);
  return c;
}
