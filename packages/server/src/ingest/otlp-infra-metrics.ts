/**
 * Infrastructure metrics out of an OTLP metrics export (docs/infrastructure.md). Pure. The OpenTelemetry
 * Collector's hostmetrics receiver (system.*) and kubeletstats receiver (k8s.pod.*, container.*), plus the
 * k8s_cluster receiver's container restarts, become Vigil's infra metrics per resource; every other metric is
 * left alone. Attributes are reduced here: memory and filesystem keep `state = used` (summed over devices),
 * CPU utilization sums the non-idle states and averages the CPUs, and counters keep one series per
 * device/interface and direction so the store can turn cumulative totals into increases.
 */
import type { InfraPoint, InfraResource } from '../storage/index.js';
import { field, list, nanos, readAttributes, type Attrs } from './otlp-attributes.js';

type Target = { metric: string; kind: 'gauge' | 'counter'; keep?: (a: Attrs) => boolean; series?: string[] };

const used = (a: Attrs) => a.get('state') === undefined || a.get('state') === 'used';

/** Receiver metric → Vigil metric. Names, units and attributes from the receivers' metadata.yaml. */
const TARGETS: Record<string, Target[]> = {
  // hostmetrics, cpu scraper: system.cpu.time {cpu, state} s cumulative; system.cpu.utilization {cpu, state} 1
  'system.cpu.time': [
    { metric: 'cpu.busy_seconds', kind: 'counter', keep: (a) => a.get('state') !== 'idle', series: ['cpu', 'state'] },
    { metric: 'cpu.total_seconds', kind: 'counter', series: ['cpu', 'state'] },
  ],
  'system.cpu.utilization': [{ metric: 'cpu.utilization', kind: 'gauge' }],
  // memory scraper: system.memory.usage {state} By; system.memory.utilization {state} 1
  'system.memory.usage': [{ metric: 'memory.usage', kind: 'gauge', keep: used }],
  'system.memory.utilization': [{ metric: 'memory.utilization', kind: 'gauge', keep: used }],
  // filesystem scraper: system.filesystem.usage {device, mode, mountpoint, type, state} By
  'system.filesystem.usage': [{ metric: 'filesystem.usage', kind: 'gauge', keep: used }],
  // disk and network scrapers: {device, direction} By cumulative
  'system.disk.io': [{ metric: 'disk.io', kind: 'counter', series: ['device', 'direction'] }],
  'system.network.io': [{ metric: 'network.io', kind: 'counter', series: ['device', 'direction'] }],
  // kubeletstats: k8s.pod.* and container.* (utilization 1, cpu.time s cumulative, memory By, network {interface, direction})
  'k8s.pod.cpu.utilization': [{ metric: 'cpu.utilization', kind: 'gauge' }],
  'container.cpu.utilization': [{ metric: 'cpu.utilization', kind: 'gauge' }],
  'k8s.pod.cpu.usage': [{ metric: 'cpu.cores', kind: 'gauge' }],
  'container.cpu.usage': [{ metric: 'cpu.cores', kind: 'gauge' }],
  'k8s.pod.cpu.time': [{ metric: 'cpu.busy_seconds', kind: 'counter' }],
  'container.cpu.time': [{ metric: 'cpu.busy_seconds', kind: 'counter' }],
  'k8s.pod.memory.usage': [{ metric: 'memory.usage', kind: 'gauge' }],
  'container.memory.usage': [{ metric: 'memory.usage', kind: 'gauge' }],
  'k8s.pod.filesystem.usage': [{ metric: 'filesystem.usage', kind: 'gauge' }],
  'container.filesystem.usage': [{ metric: 'filesystem.usage', kind: 'gauge' }],
  'k8s.pod.network.io': [{ metric: 'network.io', kind: 'counter', series: ['interface', 'direction'] }],
  // k8s_cluster receiver: k8s.container.restarts {restart}, a running count (a gauge of a total)
  'k8s.container.restarts': [{ metric: 'restarts', kind: 'counter' }],
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The resource a receiver's export describes, or null when it names no service, host, pod or container. */
export function readInfraResource(a: Attrs): InfraResource | null {
  const r: InfraResource = {
    service: str(a.get('service.name')),
    host: str(a.get('host.name')) ?? str(a.get('k8s.node.name')),
    pod: str(a.get('k8s.pod.name')),
    container: str(a.get('k8s.container.name')) ?? str(a.get('container.name')),
    namespace: str(a.get('k8s.namespace.name')),
    model: str(a.get('vigil.model')),
  };
  // The SDKs' default service name says nothing; a receiver export without one is identified by host/pod.
  if (r.service?.startsWith('unknown_service')) r.service = null;
  return r.service || r.host || r.pod || r.container ? r : null;
}

function pointValue(dp: unknown, where: string): number | null {
  const v = field(dp, 'asDouble', where) ?? field(dp, 'asInt', where);
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

const ms = (v: unknown): number | null => {
  const n = nanos(v);
  return n === null ? null : Number(n / 1_000_000n);
};

/**
 * @example mapOtlpInfraMetrics(body).find((p) => p.metric === 'cpu.utilization')?.value // 0.42
 */
export function mapOtlpInfraMetrics(body: unknown): InfraPoint[] {
  const out: InfraPoint[] = [];
  list(body, 'resourceMetrics', 'body').forEach((rm: unknown, r) => {
    const resource = readInfraResource(
      readAttributes(field(field(rm, 'resource', `resourceMetrics[${r}]`), 'attributes', 'resource'), 'attributes'),
    );
    if (!resource) return;
    list(rm, 'scopeMetrics', `resourceMetrics[${r}]`).forEach((sm: unknown, s) => {
      list(sm, 'metrics', `resourceMetrics[${r}].scopeMetrics[${s}]`).forEach((metric: unknown, m) => {
        const where = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`;
        const targets = TARGETS[field(metric, 'name', where) as string];
        if (!targets) return;
        const data = field(metric, 'gauge', where) ?? field(metric, 'sum', where);
        if (!data) return;
        const temporality = Number(field(data, 'aggregationTemporality', where) ?? 2);
        const points = list(data, 'dataPoints', where).map((dp, i) => ({
          attrs: readAttributes(field(dp, 'attributes', where), `${where}.dataPoints[${i}].attributes`),
          time: ms(field(dp, 'timeUnixNano', where)),
          start: ms(field(dp, 'startTimeUnixNano', where)) ?? 0,
          value: pointValue(dp, `${where}.dataPoints[${i}]`),
        }));
        for (const t of targets) {
          const kept = points.filter((p) => p.time !== null && p.value !== null && (t.keep?.(p.attrs) ?? true));
          if (t.kind === 'counter') {
            for (const p of kept)
              out.push({
                resource,
                metric: t.metric,
                kind: temporality === 1 ? 'delta' : 'cumulative',
                series: (t.series ?? []).map((k) => String(p.attrs.get(k) ?? '')).join('|'),
                time: p.time!,
                startTime: p.start,
                value: p.value!,
              });
            continue;
          }
          // Gauges: one value per time. CPU utilization: non-idle states summed per CPU, CPUs averaged.
          const byTime = new Map<number, { sum: number; cpus: Set<string> }>();
          for (const p of kept) {
            if (t.metric === 'cpu.utilization' && p.attrs.get('state') === 'idle') continue;
            const g = byTime.get(p.time!) ?? { sum: 0, cpus: new Set<string>() };
            g.sum += p.value!;
            g.cpus.add(String(p.attrs.get('cpu') ?? ''));
            byTime.set(p.time!, g);
          }
          for (const [time, g] of byTime)
            out.push({
              resource,
              metric: t.metric,
              kind: 'gauge',
              series: '',
              time,
              startTime: 0,
              value: t.metric === 'cpu.utilization' ? g.sum / g.cpus.size : g.sum,
            });
        }
      });
    });
  });
  return out;
}
