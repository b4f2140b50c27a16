// The InfraMetricStore contract (storage/contracts/infra-metric-store.ts): gauges kept as sum/count/last per
// minute, cumulative counters turned into per-minute increases (baseline, repeat, reset), resources listed with
// their metrics, minutes read per metric and resource, all surviving a reopen; links to models as one ordered
// list. Every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InfraPoint, InfraResource } from '../../src/storage/index.js';
import { backends, withStore } from './backends.js';

const T0 = Date.UTC(2026, 11, 5, 10, 0);
const M = 60_000;
const web: InfraResource = {
  service: 'chat-api',
  host: 'node-1',
  pod: 'chat-1',
  container: 'app',
  namespace: 'ai',
  model: 'gpt-4o',
};
const db: InfraResource = { service: null, host: 'db-1', pod: null, container: null, namespace: null, model: null };

const gauge = (resource: InfraResource, metric: string, time: number, value: number): InfraPoint => ({
  resource,
  metric,
  kind: 'gauge',
  series: '',
  time,
  startTime: 0,
  value,
});
const counter = (series: string, time: number, value: number, startTime = T0 - 3_600_000): InfraPoint => ({
  resource: web,
  metric: 'network.io',
  kind: 'cumulative',
  series,
  time,
  startTime,
  value,
});

for (const backend of backends) {
  test(`${backend.name}: infra metrics keep gauge minutes and counter increases per resource`, () =>
    withStore(backend, async (store, opened) => {
      await store.infra.record([
        gauge(web, 'cpu.utilization', T0 + 10_000, 0.2),
        gauge(web, 'cpu.utilization', T0 + 40_000, 0.6),
        gauge(web, 'cpu.utilization', T0 + M + 5_000, 0.9),
        gauge(db, 'cpu.utilization', T0 + 20_000, 0.1),
        counter('rx', T0 + 10_000, 1000), // baseline: not an increase
        counter('tx', T0 + 10_000, 500),
        counter('rx', T0 + 40_000, 1600), // +600
        counter('tx', T0 + 40_000, 700), // +200
      ]);
      const second = await store.infra.record([
        counter('rx', T0 + 40_000, 1600), // repeat: ignored
        counter('rx', T0 + M + 10_000, 100, T0 + M), // reset: counts 100
        { ...counter('restarts', T0 + M + 20_000, 2), metric: 'restarts', kind: 'delta' },
      ]);
      assert.equal(second.stored, 2);
      const reopened = await opened.reopen();
      const resources = await reopened.infra.listResources({});
      assert.equal(resources.length, 2);
      const w = resources.find((r) => r.service === 'chat-api')!;
      assert.deepEqual(w.metrics, ['cpu.utilization', 'network.io', 'restarts']);
      assert.equal(w.model, 'gpt-4o');
      assert.equal(w.lastSeen, T0 + M + 20_000);
      assert.equal((await reopened.infra.listResources({ since: T0 + M })).length, 1);

      const cpu = await reopened.infra.readMinutes({
        metric: 'cpu.utilization',
        from: T0,
        to: T0 + 2 * M,
        resourceKeys: [w.key],
      });
      assert.deepEqual(
        cpu.map((c) => [c.minute, c.count, c.last, Math.round(c.sum * 10) / 10]),
        [
          [T0, 2, 0.6, 0.8],
          [T0 + M, 1, 0.9, 0.9],
        ],
      );
      assert.equal((await reopened.infra.readMinutes({ metric: 'cpu.utilization', from: T0, to: T0 + M })).length, 2);
      const net = await reopened.infra.readMinutes({ metric: 'network.io', from: T0, to: T0 + 2 * M });
      assert.deepEqual(
        net.map((c) => [c.minute, c.sum]),
        [
          [T0, 800],
          [T0 + M, 100],
        ],
      );
      assert.deepEqual(
        await reopened.infra.readMinutes({ metric: 'network.io', from: T0, to: T0 + M, resourceKeys: [] }),
        [],
      );
      assert.equal(await reopened.infra.pruneBefore(T0 + M), 3); // minute T0 of cpu (2 resources) and network
      assert.deepEqual(
        (await reopened.infra.listResources({})).map((r) => r.host),
        ['node-1'],
      );
    }));

  test(`${backend.name}: GenAI client resources are one per service and LLM, apart from the service's host resource`, () =>
    withStore(backend, async (store, opened) => {
      const llm = (genAiModel: string, genAiProvider: string | null): InfraResource => ({
        ...web,
        model: 'chat',
        genAiModel,
        genAiProvider,
      });
      const tokens = (r: InfraResource, time: number, value: number): InfraPoint => ({
        resource: r,
        metric: 'genai.tokens.input',
        kind: 'cumulative',
        series: 'same-attributes',
        time,
        startTime: T0,
        value,
      });
      await store.infra.record([
        gauge(web, 'cpu.utilization', T0 + 10_000, 0.5),
        tokens(llm('gpt-4o', 'openai'), T0 + 10_000, 100), // started within the minute: counted
        tokens(llm('claude', 'anthropic'), T0 + 10_000, 7),
        tokens(llm('gpt-4o', null), T0 + 40_000, 250), // +150; a point without the provider keeps it
      ]);
      const reopened = await opened.reopen();
      const resources = await reopened.infra.listResources({});
      assert.equal(resources.length, 3);
      const host = resources.find((r) => r.genAiModel === null)!;
      assert.deepEqual([host.model, host.metrics], ['gpt-4o', ['cpu.utilization']]);
      const gpt = resources.find((r) => r.genAiModel === 'gpt-4o')!;
      assert.deepEqual(
        [gpt.service, gpt.model, gpt.genAiProvider, gpt.metrics],
        ['chat-api', 'chat', 'openai', ['genai.tokens.input']],
      );
      assert.notEqual(gpt.key, host.key);
      assert.deepEqual((await reopened.infra.listResources({ genAi: true })).map((r) => r.genAiModel).sort(), [
        'claude',
        'gpt-4o',
      ]);
      assert.deepEqual(
        (await reopened.infra.listResources({ genAi: false })).map((r) => r.key),
        [host.key],
      );
      const sums = await reopened.infra.readMinutes({ metric: 'genai.tokens.input', from: T0, to: T0 + M });
      assert.deepEqual(sums.map((m) => [resources.find((r) => r.key === m.resourceKey)!.genAiModel, m.sum]).sort(), [
        ['claude', 7],
        ['gpt-4o', 250],
      ]);
    }));

  test(`${backend.name}: infra links to models are kept as one ordered list, replaced whole`, () =>
    withStore(backend, async (store, opened) => {
      assert.deepEqual(await store.infra.listLinks(), []);
      const links = [
        { match: { namespace: 'ai', pod: 'chat-*' }, model: 'gpt-4o' },
        { match: { host: 'gpu-1' }, model: 'vision' },
      ];
      await store.infra.putLinks(links);
      assert.deepEqual(await store.infra.listLinks(), links);
      await store.infra.putLinks([links[1]!]);
      const reopened = await opened.reopen();
      assert.deepEqual(await reopened.infra.listLinks(), [links[1]]);
      await reopened.infra.putLinks([]);
      assert.deepEqual(await reopened.infra.listLinks(), []);
    }));
}
