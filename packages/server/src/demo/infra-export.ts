import { DEMO_CLUSTER, DEMO_NAMESPACE, type InfraModel } from './infra-model.js';

// OTLP/JSON in the shape the OpenTelemetry Collector's receivers emit (names, units and attributes from their
// metadata.yaml): hostmetrics (system.*) per node, kubeletstats (k8s.pod.*, container.*) per pod and container,
// k8s_cluster (k8s.container.restarts) per container. docs/infrastructure.md lists what Vigil keeps of them.

type Attr = { key: string; value: { stringValue: string } };
type Point = {
  attributes?: Attr[];
  timeUnixNano: string;
  startTimeUnixNano?: string;
  asDouble?: number;
  asInt?: string;
};
type Metric = {
  name: string;
  unit: string;
  gauge?: { dataPoints: Point[] };
  sum?: { aggregationTemporality: 2; isMonotonic: boolean; dataPoints: Point[] };
};
export type ResourceMetrics = {
  resource: { attributes: Attr[] };
  scopeMetrics: Array<{ scope: { name: string; version: string }; metrics: Metric[] }>;
};

const COLLECTOR_VERSION = '0.114.0';
const attrs = (o: Record<string, string>): Attr[] =>
  Object.entries(o).map(([key, v]) => ({ key, value: { stringValue: v } }));
const nanos = (ms: number) => `${Math.round(ms)}000000`;

/**
 * Cumulative counters as the receivers keep them: running totals since the collector started, advanced by
 * rate × elapsed time at each scrape. One per collector, so the backfill and the live scrapes continue each other.
 */
export class CounterTotals {
  private readonly totals = new Map<string, number>();
  private lastMs: number | null = null;

  constructor(readonly startMs: number) {}

  /** Moves the clock to `t`; returns the seconds elapsed since the previous scrape (0 at the first). */
  advanceTo(t: number): number {
    const dt = this.lastMs === null ? 0 : Math.max(0, t - this.lastMs) / 1000;
    this.lastMs = t;
    return dt;
  }

  /** Adds `perSecond × dt` to the series and returns its total. */
  add(key: string, perSecond: number, dt: number): number {
    const v = (this.totals.get(key) ?? 0) + perSecond * dt;
    this.totals.set(key, v);
    return Math.round(v);
  }
}

/** One scrape at `t` of every node, pod and container of the model, as the Collector would export it. */
export function buildInfraExport(model: InfraModel, counters: CounterTotals, t: number): ResourceMetrics[] {
  const dt = counters.advanceTo(t);
  const time = nanos(t);
  const start = nanos(counters.startMs);
  const gauge = (name: string, unit: string, points: Array<[Record<string, string>, number]>): Metric => ({
    name,
    unit,
    gauge: {
      dataPoints: points.map(([a, v]) => ({
        ...(Object.keys(a).length ? { attributes: attrs(a) } : {}),
        timeUnixNano: time,
        asDouble: v,
      })),
    },
  });
  const counter = (name: string, unit: string, points: Array<[Record<string, string>, number]>): Metric => ({
    name,
    unit,
    sum: {
      aggregationTemporality: 2,
      isMonotonic: true,
      dataPoints: points.map(([a, v]) => ({
        attributes: attrs(a),
        startTimeUnixNano: start,
        timeUnixNano: time,
        asInt: String(v),
      })),
    },
  });
  const scope = (name: string, metrics: Metric[]) => ({ scope: { name, version: COLLECTOR_VERSION }, metrics });
  const out: ResourceMetrics[] = [];

  for (const n of model.nodes) {
    const s = model.node(n, t);
    const key = (m: string) => `${n.host}\u0000${m}`;
    // Per CPU: the busy share split into user, system and iowait, the rest idle; CPUs differ a little.
    const cpuPoints: Array<[Record<string, string>, number]> = [];
    for (let c = 0; c < n.cpus; c++) {
      const busy = Math.min(0.99, Math.max(0.005, s.cpuUtilization * (1 + 0.08 * Math.sin(c * 1.7 + t / 97_000))));
      cpuPoints.push(
        [{ cpu: `cpu${c}`, state: 'user' }, busy * 0.78],
        [{ cpu: `cpu${c}`, state: 'system' }, busy * 0.19],
        [{ cpu: `cpu${c}`, state: 'iowait' }, busy * 0.03],
        [{ cpu: `cpu${c}`, state: 'idle' }, 1 - busy],
      );
    }
    const free = n.memoryBytes - s.memoryUsedBytes;
    const memory: Array<[string, number]> = [
      ['used', s.memoryUsedBytes],
      ['cached', free * 0.55],
      ['buffered', free * 0.05],
      ['free', free * 0.4],
    ];
    const fs = { device: '/dev/nvme0n1p1', mode: 'rw', mountpoint: '/', type: 'ext4' };
    out.push({
      resource: { attributes: attrs({ 'host.name': n.host, 'os.type': 'linux', 'k8s.cluster.name': DEMO_CLUSTER }) },
      scopeMetrics: [
        scope('otelcol/hostmetricsreceiver/cpu', [gauge('system.cpu.utilization', '1', cpuPoints)]),
        scope('otelcol/hostmetricsreceiver/memory', [
          gauge(
            'system.memory.usage',
            'By',
            memory.map(([state, v]) => [{ state }, Math.round(v)]),
          ),
          gauge(
            'system.memory.utilization',
            '1',
            memory.map(([state, v]) => [{ state }, v / n.memoryBytes]),
          ),
        ]),
        scope('otelcol/hostmetricsreceiver/filesystem', [
          gauge('system.filesystem.usage', 'By', [
            [{ ...fs, state: 'used' }, Math.round(s.filesystemUsedBytes)],
            [{ ...fs, state: 'free' }, Math.round(n.diskSizeBytes - s.filesystemUsedBytes)],
            [{ ...fs, state: 'reserved' }, 0],
          ]),
        ]),
        scope('otelcol/hostmetricsreceiver/disk', [
          counter('system.disk.io', 'By', [
            [{ device: 'nvme0n1', direction: 'read' }, counters.add(key('disk.read'), s.diskRead, dt)],
            [{ device: 'nvme0n1', direction: 'write' }, counters.add(key('disk.write'), s.diskWrite, dt)],
          ]),
        ]),
        scope('otelcol/hostmetricsreceiver/network', [
          counter('system.network.io', 'By', [
            [{ device: 'eth0', direction: 'receive' }, counters.add(key('net.rx'), s.networkIn, dt)],
            [{ device: 'eth0', direction: 'transmit' }, counters.add(key('net.tx'), s.networkOut, dt)],
          ]),
        ]),
      ],
    });
  }

  for (const p of model.pods) {
    const s = model.pod(p, t);
    const key = (m: string) => `${p.pod}\u0000${m}`;
    const k8s = {
      'k8s.cluster.name': DEMO_CLUSTER,
      'k8s.namespace.name': DEMO_NAMESPACE,
      'k8s.node.name': p.node,
      'k8s.pod.name': p.pod,
      'service.name': p.service,
    };
    out.push({
      resource: { attributes: attrs(k8s) },
      scopeMetrics: [
        scope('otelcol/kubeletstatsreceiver', [
          gauge('k8s.pod.cpu.utilization', '1', [[{}, s.cpuUtilization]]),
          gauge('k8s.pod.memory.usage', 'By', [[{}, Math.round(s.memoryBytes)]]),
          gauge('k8s.pod.filesystem.usage', 'By', [[{}, 180 * 1024 ** 2]]),
          counter('k8s.pod.network.io', 'By', [
            [{ interface: 'eth0', direction: 'receive' }, counters.add(key('rx'), s.callsPerSecond * p.bytesIn, dt)],
            [{ interface: 'eth0', direction: 'transmit' }, counters.add(key('tx'), s.callsPerSecond * p.bytesOut, dt)],
          ]),
        ]),
      ],
    });
    out.push({
      resource: { attributes: attrs({ ...k8s, 'k8s.container.name': p.container }) },
      scopeMetrics: [
        scope('otelcol/kubeletstatsreceiver', [
          gauge('container.cpu.utilization', '1', [[{}, s.cpuUtilization]]),
          gauge('container.memory.usage', 'By', [[{}, Math.round(s.memoryBytes * 0.97)]]),
        ]),
        // The k8s_cluster receiver's running count of the container's restarts (a gauge of a total).
        scope('otelcol/k8sclusterreceiver', [
          {
            name: 'k8s.container.restarts',
            unit: '{restart}',
            gauge: { dataPoints: [{ timeUnixNano: time, asInt: String(model.restarts(p, t)) }] },
          },
        ]),
      ],
    });
  }
  return out;
}
