import type { HealthCell } from './health-cell.js';
import type { QuantileSketch } from '../sketches/index.js';

/** A quantile of a sketch, or null when it holds no values. */
function q(s: QuantileSketch, p: number): number | null {
  return s.count === 0 ? null : s.quantile(p);
}

export const METRICS: Record<string, (cell: HealthCell, widthMs: number) => number | null> = {
  calls: (c) => c.calls,
  callsPerMinute: (c, w) => c.calls / (w / 60_000),
  errors: (c) => c.errors,
  errorRate: (c) => (c.calls === 0 ? null : c.errors / c.calls),
  'latency.p50': (c) => q(c.latency, 0.5),
  'latency.p90': (c) => q(c.latency, 0.9),
  'latency.p95': (c) => q(c.latency, 0.95),
  'latency.p99': (c) => q(c.latency, 0.99),
  'latency.mean': (c) => (c.latency.count === 0 ? null : c.latency.mean()),
  'latency.max': (c) => (c.latency.count === 0 ? null : c.latency.max),
  cost: (c) => c.costUsd,
  costPerCall: (c) => (c.costCount === 0 ? null : c.costUsd / c.calls),
  tokens: (c) => c.inputTokens + c.outputTokens,
  inputTokens: (c) => c.inputTokens,
  outputTokens: (c) => c.outputTokens,
  'ttft.p50': (c) => q(c.ttft, 0.5),
  'ttft.p95': (c) => q(c.ttft, 0.95),
};

export function isKnownMetric(name: string): boolean {
  return Object.hasOwn(METRICS, name);
}

/** A metric of one cell covering `widthMs`; null when the cell has nothing to say (no calls, no latencies). */
export function computeMetric(name: string, cell: HealthCell, widthMs: number): number | null {
  const fn = METRICS[name];
  if (!fn) throw new Error(`unknown metric ${name}`);
  return fn(cell, widthMs);
}

export interface HealthSummary {
  calls: number;
  callsPerMinute: number;
  errors: number;
  errorRate: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  costUsd: number;
  costPerCall: number | null;
  inputTokens: number;
  outputTokens: number;
}

export function summarizeCell(cell: HealthCell, widthMs: number): HealthSummary {
  return {
    calls: cell.calls,
    callsPerMinute: cell.calls / (widthMs / 60_000),
    errors: cell.errors,
    errorRate: cell.calls === 0 ? null : cell.errors / cell.calls,
    latencyP50: q(cell.latency, 0.5),
    latencyP95: q(cell.latency, 0.95),
    latencyP99: q(cell.latency, 0.99),
    costUsd: cell.costUsd,
    costPerCall: cell.costCount === 0 ? null : cell.costUsd / cell.calls,
    inputTokens: cell.inputTokens,
    outputTokens: cell.outputTokens,
  };
}
