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
 * A sketch that stays encoded until someone reads it: a chart of calls or cost over 30 days merges
 * thousands of stored cells and never needs their latency bins, so it never decodes them.
 */
class LazySketch {
  private resolved: QuantileSketch | null = null;
  private pending: Array<Uint8Array | LazySketch> = [];

  /** Empty bytes stand for a sketch that was not loaded: it reads as empty. */
  static fromBytes(bytes: Uint8Array): LazySketch {
    const s = new LazySketch();
    if (bytes.length > 0) s.pending.push(bytes);
    return s;
  }

  get(): QuantileSketch {
    if (!this.resolved) this.resolved = new QuantileSketch();
    for (const p of this.pending) {
      if (p instanceof LazySketch) p.mergeInto(this.resolved);
      else this.resolved.mergeEncoded(p);
    }
    this.pending = [];
    return this.resolved;
  }

  /** Adds this sketch's values into `target` without materialising this one (nor changing it). */
  private mergeInto(target: QuantileSketch): void {
    if (this.resolved) target.merge(this.resolved);
    for (const p of this.pending) {
      if (p instanceof LazySketch) p.mergeInto(target);
      else target.mergeEncoded(p);
    }
  }

  mergeFrom(other: LazySketch): void {
    this.pending.push(other);
  }

  encode(): Uint8Array {
    // A cell read and written back unchanged keeps its bytes as they were.
    if (!this.resolved && this.pending.length === 1 && this.pending[0] instanceof Uint8Array) return this.pending[0];
    return this.get().encode();
  }
}

/**
 * Mergeable API-health aggregate of the calls in one (model, endpoint, time bucket). Every field merges
 * by addition or sketch merge, so minute cells roll up into hours and days without raw events.
 */
export class HealthCell {
  calls = 0;
  errors = 0;
  errorTypes: Record<string, number> = {};
  costUsd = 0;
  costCount = 0;
  inputTokens = 0;
  outputTokens = 0;
  private latencySketch = new LazySketch();
  private ttftSketch = new LazySketch();

  get latency(): QuantileSketch {
    return this.latencySketch.get();
  }

  get ttft(): QuantileSketch {
    return this.ttftSketch.get();
  }

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
    this.latencySketch.mergeFrom(o.latencySketch);
    this.costUsd += o.costUsd;
    this.costCount += o.costCount;
    this.inputTokens += o.inputTokens;
    this.outputTokens += o.outputTokens;
    this.ttftSketch.mergeFrom(o.ttftSketch);
  }

  /** The stored form of both sketches. */
  encodeSketches(): { latency: Uint8Array; ttft: Uint8Array } {
    return { latency: this.latencySketch.encode(), ttft: this.ttftSketch.encode() };
  }

  static withEncodedSketches(latency: Uint8Array, ttft: Uint8Array): HealthCell {
    const c = new HealthCell();
    c.latencySketch = LazySketch.fromBytes(latency);
    c.ttftSketch = LazySketch.fromBytes(ttft);
    return c;
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const SIX_HOURS_MS = 21_600_000;
export const DAY_MS = 86_400_000;
/**
 * Rollup levels, finest first. Buckets are aligned to UTC multiples of the width. Six-hour cells exist so
 * a 30-day chart (120 points) merges 120 cells per series instead of 720 hourly ones.
 */
export const ROLLUP_LEVELS = [MINUTE_MS, HOUR_MS, SIX_HOURS_MS, DAY_MS] as const;
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
  const sketches = c.encodeSketches();
  return {
    calls: c.calls,
    errors: c.errors,
    errorTypes: JSON.stringify(c.errorTypes),
    costUsd: c.costUsd,
    costCount: c.costCount,
    inputTokens: c.inputTokens,
    outputTokens: c.outputTokens,
    latency: sketches.latency,
    ttft: sketches.ttft,
  };
}

export function cellFromParts(p: HealthCellParts): HealthCell {
  const c = HealthCell.withEncodedSketches(p.latency, p.ttft);
  c.calls = p.calls;
  c.errors = p.errors;
  c.errorTypes = JSON.parse(p.errorTypes) as Record<string, number>;
  c.costUsd = p.costUsd;
  c.costCount = p.costCount;
  c.inputTokens = p.inputTokens;
  c.outputTokens = p.outputTokens;
  return c;
}
