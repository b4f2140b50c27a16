import type { TrafficModel } from './traffic-model.js';
import { inverseNormalCdf, unitHash } from './seeded-random.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const GIB = 1024 ** 3;
/** A container of the two that crash now and then restarts in about a quarter of these slots. */
const RESTART_SLOT_MS = 6 * HOUR_MS;

/** A Kubernetes node of the coffee company's cluster: what the hostmetrics receiver on it reports. */
export interface DemoNode {
  host: string;
  cpus: number;
  memoryBytes: number;
  /** Root filesystem used at the start of the history, and its size. */
  diskUsedBytes: number;
  diskSizeBytes: number;
}

/** A pod serving one model (one container each): what kubeletstats and k8s_cluster report for it. */
export interface DemoPod {
  model: string;
  /** service.name the k8sattributes processor sets from the Deployment's app.kubernetes.io/name label. */
  service: string;
  pod: string;
  container: string;
  node: string;
  /** Share of the model's calls this pod serves. */
  share: number;
  cpuLimitCores: number;
  /** Resident memory at rest, bytes. */
  memoryBytes: number;
  /** Bytes received and sent per call (a latte-art photo is large). */
  bytesIn: number;
  bytesOut: number;
  /** Whether the container restarts now and then (an LLM gateway's and a GPU worker's out-of-memory kills). */
  isFlaky: boolean;
}

export const DEMO_NAMESPACE = 'coffee-ai';
export const DEMO_CLUSTER = 'coffee-prod';

export const DEMO_NODES: readonly DemoNode[] = [
  { host: 'ip-10-0-1-11', cpus: 8, memoryBytes: 16 * GIB, diskUsedBytes: 41 * GIB, diskSizeBytes: 100 * GIB },
  { host: 'ip-10-0-1-12', cpus: 8, memoryBytes: 16 * GIB, diskUsedBytes: 38 * GIB, diskSizeBytes: 100 * GIB },
  { host: 'gpu-10-0-2-21', cpus: 16, memoryBytes: 64 * GIB, diskUsedBytes: 120 * GIB, diskSizeBytes: 250 * GIB },
];

const pod = (p: Omit<DemoPod, 'container'> & { container?: string }): DemoPod => ({ container: p.service, ...p });

export const DEMO_PODS: readonly DemoPod[] = [
  pod({
    model: 'drink-recommender',
    service: 'recommendation-api',
    pod: 'drink-recommender-7c9f6d5b8-x2x8q',
    node: 'ip-10-0-1-11',
    share: 0.5,
    cpuLimitCores: 2,
    memoryBytes: 1.4 * GIB,
    bytesIn: 1_400,
    bytesOut: 900,
    isFlaky: false,
  }),
  pod({
    model: 'drink-recommender',
    service: 'recommendation-api',
    pod: 'drink-recommender-7c9f6d5b8-9kq2m',
    node: 'ip-10-0-1-11',
    share: 0.5,
    cpuLimitCores: 2,
    memoryBytes: 1.4 * GIB,
    bytesIn: 1_400,
    bytesOut: 900,
    isFlaky: false,
  }),
  pod({
    model: 'demand-forecaster',
    service: 'forecast-api',
    pod: 'demand-forecaster-5d6b84f9c-lt4wp',
    node: 'ip-10-0-1-12',
    share: 1,
    cpuLimitCores: 2,
    memoryBytes: 2.2 * GIB,
    bytesIn: 2_000,
    bytesOut: 600,
    isFlaky: false,
  }),
  pod({
    model: 'barista-assistant',
    service: 'assistant-gateway',
    pod: 'barista-assistant-6f8d4c7d9-h7n2c',
    node: 'ip-10-0-1-12',
    share: 1,
    cpuLimitCores: 1,
    memoryBytes: 0.8 * GIB,
    bytesIn: 3_000,
    bytesOut: 6_000,
    isFlaky: true,
  }),
  pod({
    model: 'latte-art-checker',
    service: 'latte-art-scorer',
    pod: 'latte-art-checker-84bd7f6c5-qq5zr',
    node: 'gpu-10-0-2-21',
    share: 1,
    cpuLimitCores: 4,
    memoryBytes: 6 * GIB,
    bytesIn: 240_000,
    bytesOut: 400,
    isFlaky: true,
  }),
];

/** What the node's operating system itself uses besides the pods: CPU share and memory. */
const SYSTEM_CPU = 0.04;
const SYSTEM_MEMORY_BYTES = 2.5 * GIB;

export interface PodSample {
  /** Calls per second the pod served around t. */
  callsPerSecond: number;
  /** CPU used ÷ the pod's limit. */
  cpuUtilization: number;
  memoryBytes: number;
}

export interface NodeSample {
  /** Busy share of all CPUs. */
  cpuUtilization: number;
  memoryUsedBytes: number;
  filesystemUsedBytes: number;
  /** Bytes per second. */
  networkIn: number;
  networkOut: number;
  diskRead: number;
  diskWrite: number;
}

/**
 * The cluster's resource use as a pure function of the demo's traffic and time, so the backfill and the live
 * collector agree. A pod's CPU follows the calls it serves (a model's weekday-average rate uses a quarter of its
 * limit, the morning rush about 60 %); a latency incident on one of its endpoints (the simulator's injected
 * slowdowns) holds requests five times longer, so CPU jumps by ~35 points and memory by ~30 % (queued requests)
 * until the incident ends.
 *
 * @example new InfraModel(traffic, historyStartMs).pod(DEMO_PODS[0]!, Date.now()).cpuUtilization // 0.31
 */
export class InfraModel {
  readonly nodes = DEMO_NODES;
  readonly pods = DEMO_PODS;
  private readonly seed: number;

  /** `originMs`: where restart counts start (the start of the demo's history). */
  constructor(
    private readonly traffic: TrafficModel,
    private readonly originMs: number,
  ) {
    this.seed = traffic.options.seed ^ 0x1f7a;
  }

  /** The pod's load, CPU and memory at time t. */
  pod(p: DemoPod, t: number): PodSample {
    const minute = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    let calls = 0;
    let isSlow = false;
    this.traffic.endpoints.forEach((ep, i) => {
      if (ep.model !== p.model) return;
      calls += this.traffic.callsInMinute(i, minute);
      isSlow ||= this.traffic.conditionsAt(i, minute).latencyFactor > 3;
    });
    const modelShare = this.traffic.endpoints.filter((e) => e.model === p.model).reduce((a, e) => a + e.share, 0);
    const load = calls / Math.max(1e-9, this.traffic.options.ratePerMinute * modelShare);
    const index = this.pods.indexOf(p);
    const noise = inverseNormalCdf(clamp(unitHash(this.seed, index, Math.floor(t / 15_000), 1)));
    const cpu = 0.05 + 0.22 * load + 0.015 * noise + (isSlow ? 0.35 : 0);
    const memory = p.memoryBytes * (1 + 0.06 * load + (isSlow ? 0.3 : 0));
    return {
      callsPerSecond: (calls * p.share) / 60,
      cpuUtilization: Math.min(0.99, Math.max(0.01, cpu)),
      memoryBytes: memory,
    };
  }

  /** The node's CPU, memory, filesystem and I/O rates at time t: its pods plus the system's own share. */
  node(n: DemoNode, t: number): NodeSample {
    let busyCores = SYSTEM_CPU * n.cpus;
    let memory = SYSTEM_MEMORY_BYTES;
    let networkIn = 20_000;
    let networkOut = 15_000;
    let diskWrite = 150_000;
    for (const p of this.pods) {
      if (p.node !== n.host) continue;
      const s = this.pod(p, t);
      busyCores += s.cpuUtilization * p.cpuLimitCores;
      memory += s.memoryBytes;
      networkIn += s.callsPerSecond * p.bytesIn;
      networkOut += s.callsPerSecond * p.bytesOut;
      // Access and application logs: about 600 bytes a call.
      diskWrite += s.callsPerSecond * 600;
    }
    // Logs grow the root filesystem ~1.5 GiB a day; logrotate gives most of it back every night (UTC).
    const sinceMidnight = ((t % 86_400_000) + 86_400_000) % 86_400_000;
    return {
      cpuUtilization: Math.min(0.99, busyCores / n.cpus),
      memoryUsedBytes: memory,
      filesystemUsedBytes: n.diskUsedBytes + (sinceMidnight / 86_400_000) * 1.5 * GIB,
      networkIn,
      networkOut,
      diskRead: 40_000 + 0.05 * diskWrite,
      diskWrite,
    };
  }

  /** Restarts of the pod's container from the start of the history to t (its `k8s.container.restarts`). */
  restarts(p: DemoPod, t: number): number {
    if (!p.isFlaky) return 0;
    const index = this.pods.indexOf(p);
    let n = 0;
    for (let s = Math.floor(this.originMs / RESTART_SLOT_MS); s * RESTART_SLOT_MS <= t; s++) {
      if (unitHash(this.seed, 700 + index, s, 0) >= 0.25) continue;
      const at = s * RESTART_SLOT_MS + unitHash(this.seed, 700 + index, s, 1) * RESTART_SLOT_MS;
      if (at >= this.originMs && at <= t) n++;
    }
    return n;
  }
}

function clamp(u: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, u));
}

/**
 * The links DevOps enters on the Infrastructure page ("Links to models"): each model's pods by their
 * Deployment's name prefix (so replaced pods stay linked), then each node by the model it mostly serves.
 * Pods come first because a pod's resource also names its node.
 */
export function demoInfraLinks(): Array<{ match: { namespace?: string; pod?: string; host?: string }; model: string }> {
  const models = [...new Set(DEMO_PODS.map((p) => p.model))];
  return [
    ...models.map((model) => ({ match: { namespace: DEMO_NAMESPACE, pod: `${model}-*` }, model })),
    { match: { host: 'ip-10-0-1-11' }, model: 'drink-recommender' },
    { match: { host: 'ip-10-0-1-12' }, model: 'demand-forecaster' },
    { match: { host: 'gpu-10-0-2-21' }, model: 'latte-art-checker' },
  ];
}
