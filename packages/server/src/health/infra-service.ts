import {
  INFRA_METRICS,
  type GenAiClientRow,
  type GenAiClientSummary,
  type InfraMetricName,
  type InfraLink,
  type InfraLinkList,
  type InfraResourceList,
  type InfraTimeseriesResult,
} from '@vigil/protocol';
import {
  GENAI_PREFIXES,
  genAiSources,
  genAiValue,
  histogramMean,
  histogramQuantile,
  linkedModel,
  type GenAiView,
  type StoredSum,
} from '../analysis/infra/index.js';
import type { InfraMinuteRecord, Store } from '../storage/index.js';

const UNITS: Record<InfraMetricName, string> = {
  'cpu.utilization': '1',
  'memory.usage': 'By',
  'memory.utilization': '1',
  'filesystem.usage': 'By',
  'disk.io': 'By/s',
  'network.io': 'By/s',
  restarts: '{restart}',
  'genai.tokens.input': '{token}',
  'genai.tokens.output': '{token}',
  'genai.calls': '{call}',
  'genai.errors': '{error}',
  'genai.duration.mean': 's',
  'genai.duration.p95': 's',
};
/** Said wherever a p50/p95 of a GenAI histogram is shown. */
export const GENAI_QUANTILE_NOTE =
  'p50/p95 are estimated from the histogram buckets: linear interpolation inside the bucket holding the rank, as Prometheus histogram_quantile does; the error is at most the bucket width.';
const isGenAiView = (m: string): m is GenAiView & InfraMetricName => m.startsWith('genai.');
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

  async function resources(since: number, kind?: 'infra' | 'genai'): Promise<InfraResourceList> {
    const models = new Set((await store.rollups.listModels()).map((m) => m.model));
    const links = await store.infra.listLinks();
    const list = await store.infra.listResources({
      since,
      limit: MAX_RESOURCES,
      ...(kind !== undefined && { genAi: kind === 'genai' }),
    });
    return {
      resources: list.map((r) => ({
        key: r.key,
        service: r.service,
        host: r.host,
        pod: r.pod,
        container: r.container,
        namespace: r.namespace,
        model: linkedModel(r, links, models),
        genAiModel: r.genAiModel,
        genAiProvider: r.genAiProvider,
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
      if (isGenAiView(metric)) {
        values = await genAiBuckets(metric, from, to, step, q.resourceKeys);
      } else if (metric === 'cpu.utilization') {
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

  /** The GenAI client resources (service × LLM) seen since `from`, with their stored metric names. */
  async function genAiResources(from: number) {
    return store.infra.listResources({ since: from, limit: MAX_RESOURCES, genAi: true });
  }

  /** Per GenAI resource, bucket start → the view's value over that bucket. */
  async function genAiBuckets(
    view: GenAiView,
    from: number,
    to: number,
    step: number,
    resourceKeys?: readonly string[],
  ): Promise<Map<string, Map<number, number>>> {
    const resources = (await genAiResources(from)).filter((r) => !resourceKeys || resourceKeys.includes(r.key));
    const stored = resources.flatMap((r) => r.metrics);
    const cells = new Map<string, Map<string, Map<number, [number, number]>>>(); // source → resource → bucket
    for (const source of genAiSources(view, stored)) {
      const rows = await store.infra.readMinutes({
        metric: source,
        from,
        to,
        resourceKeys: resources.map((r) => r.key),
      });
      cells.set(source, bucketize(rows, from, step));
    }
    const out = new Map<string, Map<number, number>>();
    for (const r of resources) {
      const starts = new Set<number>();
      for (const bySource of cells.values()) for (const b of bySource.get(r.key)?.keys() ?? []) starts.add(b);
      const m = new Map<number, number>();
      for (const b of starts) {
        const sumOf: StoredSum = (metric) => cells.get(metric)?.get(r.key)?.get(b)?.[0] ?? null;
        const v = genAiValue(view, sumOf, r.metrics);
        if (v !== null) m.set(b, v);
      }
      if (m.size > 0) out.set(r.key, m);
    }
    return out;
  }

  /**
   * The GenAI client metrics of each service and LLM over [from, to): token totals, calls, errors, mean and
   * bucket-estimated p50/p95 durations (client, server, time to first token), for one Vigil model or all.
   */
  async function genAi(q: { model?: string; from: number; to: number }): Promise<GenAiClientSummary> {
    const { from, to } = q;
    const resources = (await genAiResources(from)).filter((r) => q.model === undefined || r.model === q.model);
    const keys = resources.map((r) => r.key);
    const names = [...new Set(resources.flatMap((r) => r.metrics))];
    const sums = new Map<string, Map<string, number>>(); // metric → resource → sum over the range
    for (const metric of names) {
      const bySource = new Map<string, number>();
      for (const row of await store.infra.readMinutes({ metric, from, to, resourceKeys: keys }))
        bySource.set(row.resourceKey, (bySource.get(row.resourceKey) ?? 0) + row.sum);
      sums.set(metric, bySource);
    }
    const rows: GenAiClientRow[] = resources.map((r) => {
      const sumOf: StoredSum = (metric) => sums.get(metric)?.get(r.key) ?? null;
      const { server, ttft } = GENAI_PREFIXES;
      return {
        resource: r.key,
        service: r.service,
        model: r.model,
        llm: r.genAiModel!,
        provider: r.genAiProvider,
        inputTokens: genAiValue('genai.tokens.input', sumOf, r.metrics),
        outputTokens: genAiValue('genai.tokens.output', sumOf, r.metrics),
        calls: genAiValue('genai.calls', sumOf, r.metrics),
        errors: genAiValue('genai.errors', sumOf, r.metrics),
        durationMean: genAiValue('genai.duration.mean', sumOf, r.metrics),
        durationP50: genAiValue('genai.duration.p50', sumOf, r.metrics),
        durationP95: genAiValue('genai.duration.p95', sumOf, r.metrics),
        serverRequests: sumOf(`${server}.count`),
        serverDurationMean: histogramMean(server, sumOf),
        serverDurationP95: histogramQuantile(server, 0.95, sumOf, r.metrics),
        ttftP50: histogramQuantile(ttft, 0.5, sumOf, r.metrics),
        ttftP95: histogramQuantile(ttft, 0.95, sumOf, r.metrics),
      };
    });
    rows.sort((a, b) => (a.model ?? '').localeCompare(b.model ?? '') || a.llm.localeCompare(b.llm));
    return { from, to, quantiles: GENAI_QUANTILE_NOTE, rows };
  }

  async function links(): Promise<InfraLinkList> {
    return { links: await store.infra.listLinks() };
  }

  async function putLinks(list: readonly InfraLink[]): Promise<InfraLinkList> {
    await store.infra.putLinks(list);
    return links();
  }

  return { resources, timeseries, genAi, links, putLinks, metrics: INFRA_METRICS };
}
export type InfraService = ReturnType<typeof createInfraService>;
