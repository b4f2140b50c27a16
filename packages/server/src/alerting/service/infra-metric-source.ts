import type { InfraLink } from '@vigil/protocol';
import { genAiSources, genAiValue, linkedModel, type GenAiView } from '../../analysis/infra/index.js';
import type { InfraMetricStore, InfraResourceRecord } from '../../storage/index.js';
import type { MetricQuery } from '../evaluation/metric-source.js';
import { INFRA_SCOPE_TAGS, type InfraRuleMetric } from '../rules/infra-metrics.js';

const MINUTE = 60_000;

// A rule scoped to a model selects the resources linked to it (a service named like the model counts).
const selects = (r: InfraResourceRecord, q: MetricQuery, links: readonly InfraLink[]): boolean => {
  if (q.model !== undefined && linkedModel(r, links, new Set([q.model])) !== q.model) return false;
  for (const tag of INFRA_SCOPE_TAGS) {
    const want = q.tags?.[tag];
    if (want !== undefined && r[tag] !== want) return false;
  }
  return true;
};

const isGenAi = (name: string): name is GenAiView => name.startsWith('genai.');

/** The stored metrics an infra rule metric is computed from (`stored`: every metric name the resources hold). */
const sourcesOf = (name: string, stored: readonly string[]): string[] =>
  name === 'cpu.utilization'
    ? ['cpu.utilization', 'cpu.busy_seconds', 'cpu.total_seconds']
    : isGenAi(name)
      ? genAiSources(name, stored)
      : [name];

/** One resource's minutes of one stored metric as prefix sums, so any window's sum and count is two lookups. */
class MinuteSeries {
  readonly minutes: number[] = [];
  private readonly sums: number[] = [0];
  private readonly counts: number[] = [0];

  add(minute: number, sum: number, count: number): void {
    this.minutes.push(minute);
    this.sums.push(this.sums.at(-1)! + sum);
    this.counts.push(this.counts.at(-1)! + count);
  }

  /** Sum and count of the minutes in [from, to), or null when none is stored. */
  window(from: number, to: number): { sum: number; count: number } | null {
    const a = lowerBound(this.minutes, from);
    const b = lowerBound(this.minutes, to);
    if (b <= a) return null;
    return { sum: this.sums[b]! - this.sums[a]!, count: this.counts[b]! - this.counts[a]! };
  }
}

function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads the infrastructure minutes every query needs over the union of their ranges — once — and returns the
 * value of any query within that span: per selected resource the window's average (gauges; CPU from the
 * utilization gauge, else busy ÷ total CPU seconds), bytes per second (disk, network), count (restarts; GenAI
 * tokens, calls, errors) or seconds (GenAI mean, bucket-estimated p95), and the largest over the resources. Null when no selected resource has data or the server has no infra store.
 * Live evaluation calls it once per round; the rule preview once for its whole range, then slides windows.
 * @example const valueOf = await loadInfraValues(store.infra, spans); valueOf(query)
 */
export async function loadInfraValues(
  infra: InfraMetricStore | null,
  spans: readonly (MetricQuery & { metric: InfraRuleMetric })[],
): Promise<(q: MetricQuery & { metric: InfraRuleMetric }) => number | null> {
  if (infra === null || spans.length === 0) return () => null;
  const from = Math.floor(Math.min(...spans.map((q) => q.from)) / MINUTE) * MINUTE;
  const to = Math.ceil(Math.max(...spans.map((q) => q.to)) / MINUTE) * MINUTE;
  const resources = await infra.listResources({ since: from, limit: 10_000 });
  const links = spans.some((q) => q.model !== undefined) ? await infra.listLinks() : [];
  const series = new Map<string, Map<string, MinuteSeries>>(); // stored metric → resource key → minutes
  const stored = [...new Set(resources.flatMap((r) => r.metrics))];
  const metricsOf = new Map(resources.map((r) => [r.key, r.metrics]));
  for (const metric of new Set(spans.flatMap((q) => sourcesOf(q.metric.slice('infra.'.length), stored)))) {
    const byResource = new Map<string, MinuteSeries>();
    for (const row of await infra.readMinutes({ metric, from, to })) {
      let s = byResource.get(row.resourceKey);
      if (!s) byResource.set(row.resourceKey, (s = new MinuteSeries()));
      s.add(row.minute, row.sum, row.count);
    }
    series.set(metric, byResource);
  }
  return (q) => {
    const qFrom = Math.floor(q.from / MINUTE) * MINUTE;
    const qTo = Math.ceil(q.to / MINUTE) * MINUTE;
    const keys = resources.filter((r) => r.lastSeen >= qFrom && selects(r, q, links)).map((r) => r.key);
    const windowOf = (metric: string, key: string) => series.get(metric)?.get(key)?.window(qFrom, qTo) ?? null;
    const name = q.metric.slice('infra.'.length);
    const values: number[] = [];
    for (const key of keys) {
      if (name === 'cpu.utilization') {
        const gauge = windowOf('cpu.utilization', key);
        const total = windowOf('cpu.total_seconds', key);
        if (gauge) values.push(gauge.sum / gauge.count);
        else if (total && total.sum > 0) values.push((windowOf('cpu.busy_seconds', key)?.sum ?? 0) / total.sum);
        continue;
      }
      if (isGenAi(name)) {
        const v = genAiValue(name, (m) => windowOf(m, key)?.sum ?? null, metricsOf.get(key) ?? []);
        if (v !== null) values.push(v);
        continue;
      }
      const c = windowOf(name, key);
      if (!c) continue;
      const seconds = (qTo - qFrom) / 1000;
      values.push(
        name === 'restarts' ? c.sum : name === 'disk.io' || name === 'network.io' ? c.sum / seconds : c.sum / c.count,
      );
    }
    return values.length === 0 ? null : Math.max(...values);
  };
}

/**
 * Values of infrastructure rule queries over whole minutes of [from, to) (see loadInfraValues).
 * @example await fetchInfraMetrics(store.infra, [{ metric: 'infra.cpu.utilization', tags: { host: 'gpu-1' }, from, to }])
 */
export async function fetchInfraMetrics(
  infra: InfraMetricStore | null,
  queries: readonly (MetricQuery & { metric: InfraRuleMetric })[],
): Promise<(number | null)[]> {
  const valueOf = await loadInfraValues(infra, queries);
  return queries.map(valueOf);
}
