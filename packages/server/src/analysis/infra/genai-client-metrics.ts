import { estimateQuantile } from './histogram-quantile.js';

/**
 * The stored GenAI client metrics (ingest/otlp-genai-metrics.ts) and the views read from them, shared by the
 * infrastructure API and alert rules. Pure: the caller says how much of a stored metric a window holds.
 *
 * Stored per resource (service × LLM) and minute, as increases: `genai.tokens.input`, `genai.tokens.output`
 * (the token histogram's sum), and per duration histogram `<prefix>.count`, `.sum` (seconds), `.errors` (count
 * of the points with `error.type`) and one `<prefix>.le:<bound>` per bucket.
 */
export const GENAI_PREFIXES = {
  /** gen_ai.client.operation.duration */
  client: 'genai.duration',
  /** gen_ai.server.request.duration */
  server: 'genai.server.duration',
  /** gen_ai.server.time_to_first_token */
  ttft: 'genai.server.ttft',
} as const;

/** Views of the client metrics over a window: token totals, calls, errors, mean and bucket-estimated p50/p95 (s). */
export const GENAI_VIEWS = [
  'genai.tokens.input',
  'genai.tokens.output',
  'genai.calls',
  'genai.errors',
  'genai.duration.mean',
  'genai.duration.p50',
  'genai.duration.p95',
] as const;
export type GenAiView = (typeof GENAI_VIEWS)[number];

/** The stored metric of one bucket's count: `genai.duration.le:0.32`, `genai.duration.le:+Inf`. */
export const genAiBucketMetric = (prefix: string, le: number): string =>
  `${prefix}.le:${Number.isFinite(le) ? String(le) : '+Inf'}`;

/** The upper bound a stored metric names when it is a bucket of `prefix`, else null. */
export function genAiBucketBound(prefix: string, metric: string): number | null {
  if (!metric.startsWith(`${prefix}.le:`)) return null;
  const text = metric.slice(prefix.length + 4);
  const le = text === '+Inf' ? Infinity : Number(text);
  return Number.isNaN(le) ? null : le;
}

/** How much of a stored metric the window holds (the sum of its minutes), null when none is stored. */
export type StoredSum = (metric: string) => number | null;

/** The stored metrics a view reads; the bucket views read every bucket of the client duration in `stored`. */
export function genAiSources(view: GenAiView, stored: Iterable<string>): string[] {
  const p = GENAI_PREFIXES.client;
  switch (view) {
    case 'genai.tokens.input':
    case 'genai.tokens.output':
      return [view];
    case 'genai.calls':
      return [`${p}.count`];
    case 'genai.errors':
      return [`${p}.count`, `${p}.errors`];
    case 'genai.duration.mean':
      return [`${p}.count`, `${p}.sum`];
    default:
      return [...new Set(stored)].filter((m) => genAiBucketBound(p, m) !== null);
  }
}

/** Mean of a duration histogram over the window (seconds), null without calls. */
export function histogramMean(prefix: string, sumOf: StoredSum): number | null {
  const count = sumOf(`${prefix}.count`);
  const sum = sumOf(`${prefix}.sum`);
  return count !== null && count > 0 && sum !== null ? sum / count : null;
}

/**
 * A quantile of a duration histogram over the window, estimated from its buckets (linear inside the bucket, as
 * Prometheus' histogram_quantile; analysis/infra/histogram-quantile.ts). `stored`: the stored metric names.
 */
export function histogramQuantile(
  prefix: string,
  q: number,
  sumOf: StoredSum,
  stored: Iterable<string>,
): number | null {
  const buckets = [];
  for (const metric of new Set(stored)) {
    const le = genAiBucketBound(prefix, metric);
    if (le !== null) buckets.push({ le, count: sumOf(metric) ?? 0 });
  }
  return estimateQuantile(buckets, q);
}

/**
 * One view over a window.
 * @example genAiValue('genai.duration.mean', (m) => ({ 'genai.duration.count': 4, 'genai.duration.sum': 6 })[m] ?? null, []) // 1.5
 */
export function genAiValue(view: GenAiView, sumOf: StoredSum, stored: Iterable<string>): number | null {
  const p = GENAI_PREFIXES.client;
  switch (view) {
    case 'genai.tokens.input':
    case 'genai.tokens.output':
      return sumOf(view);
    case 'genai.calls':
      return sumOf(`${p}.count`);
    case 'genai.errors': {
      const calls = sumOf(`${p}.count`);
      return sumOf(`${p}.errors`) ?? (calls === null ? null : 0);
    }
    case 'genai.duration.mean':
      return histogramMean(p, sumOf);
    case 'genai.duration.p50':
      return histogramQuantile(p, 0.5, sumOf, stored);
    case 'genai.duration.p95':
      return histogramQuantile(p, 0.95, sumOf, stored);
  }
}
