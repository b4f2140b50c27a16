import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapOtlpInfraMetrics } from '../ingest/otlp-infra-metrics.js';
import { buildInfraExport, CounterTotals } from './infra-export.js';
import { DEMO_NODES, DEMO_PODS, InfraModel } from './infra-model.js';
import { TrafficModel } from './traffic-model.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
// A Wednesday: 04:00 is the night trickle, 08:00 the morning rush.
const DAY = Date.UTC(2026, 0, 7);

const quiet = () => new TrafficModel({ seed: 42, ratePerMinute: 10_000, naturalIncidents: false });

test('pod CPU follows the calls it serves: the morning rush uses several times the night', () => {
  const infra = new InfraModel(quiet(), DAY - 30 * 86_400_000);
  const recommender = DEMO_PODS.find((p) => p.model === 'drink-recommender')!;
  const night = infra.pod(recommender, DAY + 4 * HOUR).cpuUtilization;
  const rush = infra.pod(recommender, DAY + 8 * HOUR).cpuUtilization;
  assert.ok(night < 0.15, `night ${night}`);
  assert.ok(rush > 0.5 && rush < 0.9, `rush ${rush}`);
  const node = DEMO_NODES.find((n) => n.host === recommender.node)!;
  assert.ok(infra.node(node, DAY + 8 * HOUR).cpuUtilization > infra.node(node, DAY + 4 * HOUR).cpuUtilization * 2);
});

test('a latency incident on a model raises its pods’ CPU and memory, and only theirs', () => {
  const traffic = quiet();
  const infra = new InfraModel(traffic, DAY - 30 * 86_400_000);
  const t = DAY + 10 * HOUR + 30_000;
  const before = DEMO_PODS.map((p) => infra.pod(p, t));
  traffic.addIncident({
    kind: 'latency',
    endpointIndex: 4,
    startMs: DAY + 10 * HOUR,
    endMs: DAY + 10 * HOUR + 5 * MINUTE,
    latencyFactor: 5,
    errorRate: 0,
  });
  DEMO_PODS.forEach((p, i) => {
    const during = infra.pod(p, t);
    if (p.model === 'latte-art-checker') {
      assert.ok(during.cpuUtilization - before[i]!.cpuUtilization >= 0.3, `${p.pod} CPU`);
      assert.ok(during.memoryBytes > before[i]!.memoryBytes * 1.2, `${p.pod} memory`);
    } else assert.deepEqual(during, before[i], p.pod);
  });
});

test('the export has the receivers’ shape: Vigil reads CPU, memory, filesystem, disk, network and restarts from it', () => {
  const infra = new InfraModel(quiet(), DAY - 30 * 86_400_000);
  const counters = new CounterTotals(DAY);
  const first = mapOtlpInfraMetrics({ resourceMetrics: buildInfraExport(infra, counters, DAY + 8 * HOUR) });
  const second = mapOtlpInfraMetrics({ resourceMetrics: buildInfraExport(infra, counters, DAY + 8 * HOUR + MINUTE) });
  const host = (p: (typeof first)[number]) => p.resource.host === 'ip-10-0-1-11' && p.resource.pod === null;
  const metrics = new Set(first.filter(host).map((p) => p.metric));
  assert.deepEqual([...metrics].sort(), [
    'cpu.utilization',
    'disk.io',
    'filesystem.usage',
    'memory.usage',
    'memory.utilization',
    'network.io',
  ]);
  const cpu = first.find((p) => host(p) && p.metric === 'cpu.utilization')!.value;
  assert.ok(Math.abs(cpu - infra.node(DEMO_NODES[0]!, DAY + 8 * HOUR).cpuUtilization) < 0.02, `CPU ${cpu}`);
  // Cumulative counters grow by rate × elapsed time between scrapes.
  const rx = (ps: typeof first) =>
    ps.find((p) => host(p) && p.metric === 'network.io' && p.series === 'eth0|receive')!.value;
  const expected = infra.node(DEMO_NODES[0]!, DAY + 8 * HOUR + MINUTE).networkIn * 60;
  assert.ok(Math.abs(rx(second) - rx(first) - expected) <= 1, `network ${rx(second) - rx(first)} vs ${expected}`);
  const pods = new Set(first.filter((p) => p.resource.pod !== null).map((p) => p.resource.pod));
  assert.equal(pods.size, DEMO_PODS.length);
  assert.ok(first.some((p) => p.metric === 'restarts' && p.resource.container !== null));
  assert.ok(first.every((p) => p.resource.namespace === 'coffee-ai' || p.resource.pod === null));
});

test('restarts of a flaky container only ever grow, and steady containers never restart', () => {
  const infra = new InfraModel(new TrafficModel({ seed: 7, ratePerMinute: 10_000 }), DAY - 30 * 86_400_000);
  for (const p of DEMO_PODS) {
    let last = 0;
    for (let t = DAY - 30 * 86_400_000; t <= DAY; t += 6 * HOUR) {
      const n = infra.restarts(p, t);
      assert.ok(n >= last);
      last = n;
    }
    if (p.isFlaky) assert.ok(last >= 3 && last <= 60, `${p.pod}: ${last} restarts in 30 days`);
    else assert.equal(last, 0);
  }
});
