/**
 * Prometheus remote-write 1.0 (docs/infrastructure.md): the `WriteRequest` protobuf, snappy-compressed on the
 * wire (the body parser undoes the snappy block encoding), decoded by protobufjs from the message definitions
 * of prometheus/prompb/types.proto and remote.proto (field names and numbers as there; histograms and
 * exemplars are not read). node_exporter and kube-state-metrics series become infrastructure metrics for the
 * resource their labels name (`service` or `job`, `instance`/`node` as host, `pod`, `container`, `namespace`,
 * `vigil_model`). Pure.
 */
import protobuf from 'protobufjs';
import type { InfraPoint, InfraResource } from '../storage/index.js';

const PROMPB = `
syntax = "proto3";
package prometheus;
message WriteRequest {
  repeated TimeSeries timeseries = 1;
  reserved 2;
  repeated MetricMetadata metadata = 3;
}
message MetricMetadata {
  enum MetricType { UNKNOWN = 0; COUNTER = 1; GAUGE = 2; HISTOGRAM = 3; GAUGEHISTOGRAM = 4; SUMMARY = 5; INFO = 6; STATESET = 7; }
  MetricType type = 1;
  string metric_family_name = 2;
  string help = 4;
  string unit = 5;
}
message Sample {
  double value = 1;
  int64 timestamp = 2;
}
message Label {
  string name = 1;
  string value = 2;
}
message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
}
`;

const WriteRequest = protobuf.parse(PROMPB, { keepCase: true }).root.lookupType('prometheus.WriteRequest');

export interface RemoteWriteSeries {
  labels: Record<string, string>;
  samples: Array<{ value: number; timestamp: number }>;
}

/** Decodes a (decompressed) WriteRequest; throws a TypeError naming the problem when the bytes are not one. */
export function decodeRemoteWrite(bytes: Uint8Array): RemoteWriteSeries[] {
  let msg: { timeseries?: Array<{ labels?: Array<{ name: string; value: string }>; samples?: any[] }> };
  try {
    msg = WriteRequest.toObject(WriteRequest.decode(bytes), { longs: Number, defaults: false }) as typeof msg;
  } catch (err) {
    throw new TypeError(`body: not a Prometheus remote-write WriteRequest (${(err as Error).message})`);
  }
  return (msg.timeseries ?? []).map((ts) => ({
    labels: Object.fromEntries((ts.labels ?? []).map((l) => [l.name, l.value ?? ''])),
    samples: (ts.samples ?? []).map((s: { value?: number; timestamp?: number }) => ({
      value: s.value ?? 0,
      timestamp: s.timestamp ?? 0,
    })),
  }));
}

type Rule = {
  metric: string;
  kind: 'gauge' | 'cumulative';
  keep?: (l: Record<string, string>) => boolean;
  series: string[];
};

/** node_exporter and kube-state-metrics / cAdvisor names → Vigil's infra metrics. */
const RULES: Record<string, Rule[]> = {
  node_cpu_seconds_total: [
    { metric: 'cpu.busy_seconds', kind: 'cumulative', keep: (l) => l.mode !== 'idle', series: ['cpu', 'mode'] },
    { metric: 'cpu.total_seconds', kind: 'cumulative', series: ['cpu', 'mode'] },
  ],
  node_network_receive_bytes_total: [{ metric: 'network.io', kind: 'cumulative', series: ['device', '__name__'] }],
  node_network_transmit_bytes_total: [{ metric: 'network.io', kind: 'cumulative', series: ['device', '__name__'] }],
  node_disk_read_bytes_total: [{ metric: 'disk.io', kind: 'cumulative', series: ['device', '__name__'] }],
  node_disk_written_bytes_total: [{ metric: 'disk.io', kind: 'cumulative', series: ['device', '__name__'] }],
  kube_pod_container_status_restarts_total: [{ metric: 'restarts', kind: 'cumulative', series: ['container'] }],
  container_cpu_usage_seconds_total: [{ metric: 'cpu.busy_seconds', kind: 'cumulative', series: ['cpu'] }],
  container_memory_working_set_bytes: [{ metric: 'memory.usage', kind: 'gauge', series: [] }],
};

const nz = (v: string | undefined): string | null => (v ? v : null);
const hostOf = (instance: string | undefined): string | null => nz(instance?.replace(/:\d+$/, ''));

function resourceOf(l: Record<string, string>): InfraResource | null {
  const r: InfraResource = {
    service: nz(l.service) ?? nz(l.job),
    host: nz(l.node) ?? hostOf(l.instance),
    pod: nz(l.pod),
    container: nz(l.container),
    namespace: nz(l.namespace),
    model: nz(l.vigil_model),
  };
  return r.service || r.host || r.pod || r.container ? r : null;
}

/**
 * Maps series to points. Memory used is derived per sample time from node_memory_MemTotal_bytes −
 * node_memory_MemAvailable_bytes, and its utilization from the same two; filesystem used from
 * node_filesystem_size_bytes − node_filesystem_avail_bytes summed over the mountpoints.
 * @example mapRemoteWrite(decodeRemoteWrite(bytes)).length
 */
export function mapRemoteWrite(series: readonly RemoteWriteSeries[]): InfraPoint[] {
  const out: InfraPoint[] = [];
  // Derived gauges: per resource key and time, the parts they are computed from.
  const parts = new Map<string, { resource: InfraResource; time: number; v: Record<string, number> }>();
  const part = (resource: InfraResource, time: number, name: string, value: number) => {
    const key = `${JSON.stringify(resource)}@${time}`;
    const p = parts.get(key) ?? { resource, time, v: {} };
    p.v[name] = (p.v[name] ?? 0) + value;
    parts.set(key, p);
  };
  for (const s of series) {
    const name = s.labels.__name__ ?? '';
    const resource = resourceOf(s.labels);
    if (!resource) continue;
    for (const sample of s.samples) {
      if (!Number.isFinite(sample.value) || sample.timestamp <= 0) continue;
      if (name === 'node_memory_MemTotal_bytes' || name === 'node_memory_MemAvailable_bytes')
        part(resource, sample.timestamp, name, sample.value);
      if (
        (name === 'node_filesystem_size_bytes' || name === 'node_filesystem_avail_bytes') &&
        !['tmpfs', 'overlay'].includes(s.labels.fstype ?? '')
      )
        part(resource, sample.timestamp, name, sample.value);
      for (const rule of RULES[name] ?? []) {
        if (rule.keep && !rule.keep(s.labels)) continue;
        out.push({
          resource,
          metric: rule.metric,
          kind: rule.kind,
          series: rule.series.map((k) => s.labels[k] ?? '').join('|'),
          time: sample.timestamp,
          startTime: 0,
          value: sample.value,
        });
      }
    }
  }
  for (const { resource, time, v } of parts.values()) {
    const total = v.node_memory_MemTotal_bytes;
    const avail = v.node_memory_MemAvailable_bytes;
    const base = { resource, kind: 'gauge' as const, series: '', time, startTime: 0 };
    if (total !== undefined && avail !== undefined && total > 0) {
      out.push({ ...base, metric: 'memory.usage', value: total - avail });
      out.push({ ...base, metric: 'memory.utilization', value: (total - avail) / total });
    }
    const size = v.node_filesystem_size_bytes;
    const free = v.node_filesystem_avail_bytes;
    if (size !== undefined && free !== undefined) out.push({ ...base, metric: 'filesystem.usage', value: size - free });
  }
  return out;
}
