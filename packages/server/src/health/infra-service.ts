import {
  INFRA_METRICS,
  type InfraMetricName,
  type InfraLink,
  type InfraLinkList,
  type InfraResourceList,
  type InfraTimeseriesResult,
} from '@vigil/protocol';
import { linkedModel } from '../analysis/infra/index.js';
import type { InfraMinuteRecord, Store } from '../storage/index.js';

const UNITS: Record<InfraMetricName, string> = {
  'cpu.utilization': '1',
  'memory.usage': 'By',
  'memory.utilization': '1',
  'filesystem.usage': 'By',
  'disk.io': 'By/s',
  'network.io': 'By/s',
  restarts: '{restart}',
};
/** At most this many buckets per series, so a request cannot ask for unbounded work. */
export const MAX_INFRA_BUCKETS = 1440;
const MAX_RESOURCES = 200;

/**
 * Infrastructure metrics for the dashboard and alert rules (docs/infrastructure.md): resources linked to the model
 * they serve (a `vigil.model` attribute, else the first matching link, else a model whose name is the resource's
 * service.name) and bucketed series.
 * Gauges are the average of the bucket's points, counters (disk, network) bytes per second over the bucket,
 * restarts a count, CPU utilization the gauge when one was sent, else busy ÷ total CPU seconds.
 * @example const infra = createInfraService({ store }); await infra.timeseries({ metrics: ['cpu.utilization'], from, to, step: 60_000 });
 */
export function createInfraService(deps: { store: Store }) {
  const { store } = deps;

  async function resources(since: number): Promise<InfraResourceList> {
    const models = new Set((await store.rollups.listModels()).map((m) => m.model));
    const links = await store.infra.listLinks();
    const list = await store.infra.listResources({ since, limit: MAX_RESOURCES });
    return {
      resources: list.map((r) => ({
        key: r.key,
        service: r.service,
        host: r.host,
        pod: r.pod,
        container: r.container,
        namespace: r.namespace,
        model: linkedModel(r, links, models),
        lastSeen: r.lastSeen,
        metrics: r.metrics,
      })),
    };
  }

  /** Per resource, bucket start → [sum, count] of the minutes in it. */
  const bucketize = (rows: InfraMinuteRecord[], from: number, step: number) => {
    const out = new Map<string, Map<number, [number, number]>>();
    for (const r of rows) {
      const b = from + Math.floor((r.minute - from) / step) * step;
      const m = out.get(r.resourceKey) ?? new Map<number, [number, number]>();
      const cell = m.get(b) ?? [0, 0];
      cell[0] += r.sum;
      cell[1] += r.count;
      m.set(b, cell);
      out.set(r.resourceKey, m);
    }
    return out;
  };

  async function timeseries(q: {
    metrics: readonly InfraMetricName[];
    from: number;
    to: number;
    step: number;
    resourceKeys?: readonly string[];
  }): Promise<InfraTimeseriesResult> {
    const { from, to, step } = q;
    const read = (metric: string) =>
      store.infra.readMinutes({ metric, from, to, ...(q.resourceKeys && { resourceKeys: q.resourceKeys }) });
    const starts: number[] = [];
    for (let t = from; t < to; t += step) starts.push(t);
    const series: InfraTimeseriesResult['series'] = [];
    for (const metric of q.metrics) {
      let values: Map<string, Map<number, number>>;
      if (metric === 'cpu.utilization') {
        const gauge = bucketize(await read('cpu.utilization'), from, step);
        const busy = bucketize(await read('cpu.busy_seconds'), from, step);
        const total = bucketize(await read('cpu.total_seconds'), from, step);
        values = new Map();
        for (const [key, m] of total) {
          const out = new Map<number, number>();
          for (const [b, [t]] of m) if (t > 0) out.set(b, (busy.get(key)?.get(b)?.[0] ?? 0) / t);
          values.set(key, out);
        }
        for (const [key, m] of gauge) values.set(key, new Map([...m].map(([b, [s, c]]) => [b, s / c])));
      } else {
        const counter = metric === 'disk.io' || metric === 'network.io' || metric === 'restarts';
        const perSecond = metric !== 'restarts' ? step / 1000 : 1;
        values = new Map(
          [...bucketize(await read(metric), from, step)].map(([key, m]) => [
            key,
            new Map([...m].map(([b, [s, c]]) => [b, counter ? s / perSecond : s / c])),
          ]),
        );
      }
      for (const [resource, m] of [...values].sort(([a], [b]) => a.localeCompare(b)))
        series.push({
          metric,
          unit: UNITS[metric],
          resource,
          points: starts.map((t) => [t, m.get(t) ?? null] as [number, number | null]),
        });
    }
    return { from, to, step, series };
  }

  async function links(): Promise<InfraLinkList> {
    return { links: await store.infra.listLinks() };
  }

  async function putLinks(list: readonly InfraLink[]): Promise<InfraLinkList> {
    await store.infra.putLinks(list);
    return links();
  }

  return { resources, timeseries, links, putLinks, metrics: INFRA_METRICS };
}
export type InfraService = ReturnType<typeof createInfraService>;
