import type { Registry } from 'prom-client';
/**
 * Model-call latency on /metrics, fine enough that PromQL's `histogram_quantile(0.95, …)` lands within 10 % of
 * the true quantile from 1 ms to 120 s (docs/prometheus.md):
 * - scrapers of the text format get a classic histogram whose bucket bounds grow by 2^(1/8) ≈ 1.0905 from
 *   2^-10 s (0.98 ms) to 2^7 s (128 s): 137 bounds, so linear interpolation inside a bucket is off by at most
 *   9.05 % (over) / 8.3 % (under), whatever the distribution;
 * - scrapers that ask for protobuf (Prometheus with `--enable-feature=native-histograms`) get the same counts as
 *   a native histogram of schema 3 (the same bounds, any range), one series per label set instead of 140.
 * Counted in arrays by bucket index: prom-client's Histogram validates and hashes labels on every observe(),
 * which was 3 % of the server's time under batch ingest (one observation per event).
 */

/** Native-histogram schema: bucket i holds (2^((i−1)/8), 2^(i/8)]. */
export const LATENCY_SCHEMA = 3;
const PER_DOUBLING = 2 ** LATENCY_SCHEMA;
/** Classic bounds: indexes −80 … 56, i.e. 2^-10 s … 2^7 s. */
const CLASSIC_FIRST = -10 * PER_DOUBLING;
const CLASSIC_LAST = 7 * PER_DOUBLING;
/** Indexes counted: 2^-20 s (≈1 µs) … 2^17 s (≈36 h); values outside land in the edge bucket. */
const MIN_INDEX = -20 * PER_DOUBLING;
const MAX_INDEX = 17 * PER_DOUBLING;
const UPPER = Float64Array.from({ length: MAX_INDEX - MIN_INDEX + 1 }, (_, k) => 2 ** ((k + MIN_INDEX) / PER_DOUBLING));

/** The classic bucket bounds in seconds (`le` labels), ascending; +Inf follows. */
export const CLASSIC_BOUNDS: readonly number[] = Array.from(
  { length: CLASSIC_LAST - CLASSIC_FIRST + 1 },
  (_, k) => UPPER[k + CLASSIC_FIRST - MIN_INDEX]!,
);

/** Series one label set has in the text format: the classic buckets, +Inf, _sum and _count. */
export const SERIES_PER_HISTOGRAM = CLASSIC_BOUNDS.length + 3;

/** Prometheus' default zero threshold (2^-128): marks the histogram as native even before any observation. */
const ZERO_THRESHOLD = 2 ** -128;

/** The bucket index of a positive value: the i with 2^((i−1)/8) < v ≤ 2^(i/8), clamped to the counted range. */
export function bucketIndex(seconds: number): number {
  let i = Math.ceil(Math.log2(seconds) * PER_DOUBLING);
  // log2 is not exact at the bounds themselves; the comparison against the stored bound is.
  if (i - 1 >= MIN_INDEX && i - 1 <= MAX_INDEX && seconds <= UPPER[i - 1 - MIN_INDEX]!) i--;
  else if (i >= MIN_INDEX && i <= MAX_INDEX && seconds > UPPER[i - MIN_INDEX]!) i++;
  return Math.min(MAX_INDEX, Math.max(MIN_INDEX, i)) || 0;
}

export class LatencySeries {
  /** Observations per bucket index (offset by MIN_INDEX), not cumulative. */
  private readonly counts = new Float64Array(MAX_INDEX - MIN_INDEX + 1);
  zeroCount = 0;
  sum = 0;
  count = 0;

  constructor(readonly labels: { model: string; endpoint: string }) {}

  observe(seconds: number): void {
    if (seconds > 0) this.counts[bucketIndex(seconds) - MIN_INDEX]!++;
    else this.zeroCount++;
    this.sum += seconds;
    this.count++;
  }

  /** Cumulative counts at each of CLASSIC_BOUNDS (values below the first bound count in it). */
  classicCumulative(): number[] {
    const out: number[] = [];
    let cumulative = this.zeroCount;
    for (let i = MIN_INDEX; i < CLASSIC_FIRST; i++) cumulative += this.counts[i - MIN_INDEX]!;
    for (let i = CLASSIC_FIRST; i <= CLASSIC_LAST; i++) {
      cumulative += this.counts[i - MIN_INDEX]!;
      out.push(cumulative);
    }
    return out;
  }

  /** The native-histogram fields of the protobuf exposition: spans of populated buckets and delta-coded counts. */
  native(): {
    schema: number;
    zeroThreshold: number;
    zeroCount: number;
    positiveSpan: Array<{ offset: number; length: number }>;
    positiveDelta: number[];
  } {
    const spans: Array<{ offset: number; length: number }> = [];
    const deltas: number[] = [];
    let previousCount = 0;
    let lastIndex: number | null = null;
    for (let i = MIN_INDEX; i <= MAX_INDEX; i++) {
      const c = this.counts[i - MIN_INDEX]!;
      if (c === 0) continue;
      // A gap of one or two empty buckets costs less as zeros in the span than as a new span.
      if (lastIndex !== null && i - lastIndex <= 3) {
        for (let z = lastIndex + 1; z < i; z++) {
          deltas.push(-previousCount);
          previousCount = 0;
        }
        spans[spans.length - 1]!.length += i - lastIndex;
      } else {
        spans.push({ offset: lastIndex === null ? i : i - lastIndex - 1, length: 1 });
      }
      deltas.push(c - previousCount);
      previousCount = c;
      lastIndex = i;
    }
    return {
      schema: LATENCY_SCHEMA,
      zeroThreshold: ZERO_THRESHOLD,
      zeroCount: this.zeroCount,
      positiveSpan: spans,
      positiveDelta: deltas,
    };
  }
}

/**
 * `vigil_model_latency_seconds`: a LatencySeries per (model, endpoint) (above). Registered as a
 * prom-client metric (get() in its format), so the registry renders its classic buckets in the text format;
 * the protobuf exposition reads the series directly as native histograms (prometheus-protobuf.ts).
 */
export class LatencyHistogram {
  readonly name = 'vigil_model_latency_seconds';
  readonly help = 'Model call latency.';
  readonly all = new Map<string, LatencySeries>();

  constructor(registry: Registry) {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  series(model: string, endpoint: string): LatencySeries {
    const key = `${model}\u0000${endpoint}`;
    let s = this.all.get(key);
    if (!s) this.all.set(key, (s = new LatencySeries({ model, endpoint })));
    return s;
  }

  get() {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const s of this.all.values()) {
      const cumulative = s.classicCumulative();
      CLASSIC_BOUNDS.forEach((le, i) => {
        values.push({ labels: { le, ...s.labels }, value: cumulative[i]!, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }
}
