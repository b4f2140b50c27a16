import type { InfraMetricStore, InfraMinuteRecord, InfraResourceRecord } from '../../storage/index.js';
import type { MetricQuery } from '../evaluation/metric-source.js';
import { INFRA_SCOPE_TAGS, type InfraRuleMetric } from '../rules/infra-metrics.js';

const MINUTE = 60_000;

const selects = (r: InfraResourceRecord, q: MetricQuery): boolean => {
  if (q.model !== undefined && r.model !== q.model && (r.model !== null || r.service !== q.model)) return false;
  for (const tag of INFRA_SCOPE_TAGS) {
    const want = q.tags?.[tag];
    if (want !== undefined && r[tag] !== want) return false;
  }
  return true;
};

const byResource = (rows: InfraMinuteRecord[]) => {
  const m = new Map<string, { sum: number; count: number }>();
  for (const r of rows) {
    const c = m.get(r.resourceKey) ?? { sum: 0, count: 0 };
    c.sum += r.sum;
    c.count += r.count;
    m.set(r.resourceKey, c);
  }
  return m;
};

/**
 * Values of infrastructure rule queries over whole minutes of [from, to): per selected resource the window's
 * average (gauges; CPU from the utilization gauge, else busy ÷ total CPU seconds), bytes per second (disk,
 * network) or count (restarts), and the largest over the resources. Null when no selected resource has data
 * or the server has no infra store.
 * @example await fetchInfraMetrics(store.infra, [{ metric: 'infra.cpu.utilization', tags: { host: 'gpu-1' }, from, to }])
 */
export async function fetchInfraMetrics(
  infra: InfraMetricStore | null,
  queries: readonly (MetricQuery & { metric: InfraRuleMetric })[],
): Promise<(number | null)[]> {
  if (infra === null) return queries.map(() => null);
  const out: (number | null)[] = [];
  for (const q of queries) {
    const from = Math.floor(q.from / MINUTE) * MINUTE;
    const to = Math.ceil(q.to / MINUTE) * MINUTE;
    const keys = (await infra.listResources({ since: from, limit: 10_000 }))
      .filter((r) => selects(r, q))
      .map((r) => r.key);
    if (keys.length === 0) {
      out.push(null);
      continue;
    }
    const read = async (metric: string) =>
      byResource(await infra.readMinutes({ metric, from, to, resourceKeys: keys }));
    const name = q.metric.slice('infra.'.length);
    const values: number[] = [];
    if (name === 'cpu.utilization') {
      const gauge = await read('cpu.utilization');
      const busy = await read('cpu.busy_seconds');
      for (const [key, t] of await read('cpu.total_seconds'))
        if (!gauge.has(key) && t.sum > 0) values.push((busy.get(key)?.sum ?? 0) / t.sum);
      for (const g of gauge.values()) values.push(g.sum / g.count);
    } else {
      const seconds = (to - from) / 1000;
      for (const c of (await read(name)).values())
        values.push(
          name === 'restarts' ? c.sum : name === 'disk.io' || name === 'network.io' ? c.sum / seconds : c.sum / c.count,
        );
    }
    out.push(values.length === 0 ? null : Math.max(...values));
  }
  return out;
}
