// Links from infrastructure resources to the models they serve (docs/infrastructure.md): a vigil.model attribute
// wins, then the first link whose every attribute matches (a trailing * matches any suffix), then a model named
// like the service. Through the API: links are listed and replaced, bad links are refused naming the field, the
// resources list shows the linked model, and a rule scoped to a model reads the resources linked to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { linkedModel } from '../src/analysis/infra/index.js';
import type { InfraPoint, InfraResource } from '../src/storage/index.js';
import { startTestServer } from './helpers/test-server.js';

const MINUTE = 60_000;
const resource = (r: Partial<InfraResource>): InfraResource => ({
  service: null,
  host: null,
  pod: null,
  container: null,
  namespace: null,
  model: null,
  ...r,
});

test('linkedModel: attribute first, then the first matching link (all attributes, trailing *), then the service name', () => {
  const links = [
    { match: { namespace: 'ai', pod: 'recommender-*' }, model: 'recommender' },
    { match: { host: 'gpu-1' }, model: 'vision' },
    { match: { namespace: 'ai' }, model: 'catch-all' },
  ];
  const known = new Set(['chat-api']);
  assert.equal(linkedModel(resource({ host: 'gpu-1', model: 'explicit' }), links, known), 'explicit');
  assert.equal(linkedModel(resource({ namespace: 'ai', pod: 'recommender-7d9f-abcde' }), links, known), 'recommender');
  assert.equal(linkedModel(resource({ namespace: 'other', pod: 'recommender-7d9f-abcde' }), links, known), null);
  assert.equal(linkedModel(resource({ namespace: 'ai', pod: 'ranker-1' }), links, known), 'catch-all');
  assert.equal(linkedModel(resource({ host: 'gpu-1' }), links, known), 'vision');
  assert.equal(linkedModel(resource({ host: 'gpu-10' }), links, known), null, 'no * means the whole value');
  assert.equal(linkedModel(resource({ service: 'chat-api' }), [], known), 'chat-api');
  assert.equal(linkedModel(resource({ service: 'unknown-svc' }), [], known), null);
});

test('infra links through the API: replaced whole, validated, shown on resources and used by model-scoped rules', async (t) => {
  const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
  let clock = T0;
  const s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const id = randomUUID().slice(0, 6);
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = s.auth) =>
    s.vigil.app.inject({ method, url, headers, payload: payload as object });

  assert.deepEqual((await api('GET', '/api/v1/infra/links')).json(), { links: [] });
  const empty = await api('PUT', '/api/v1/infra/links', { links: [{ match: {}, model: 'x' }] });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.json().message, /body\.links\.0\.match/);
  const unknownField = await api('PUT', '/api/v1/infra/links', { links: [{ match: { region: 'eu' }, model: 'x' }] });
  assert.equal(unknownField.statusCode, 400);
  assert.match(unknownField.json().message, /region/);
  assert.deepEqual((await api('GET', '/api/v1/infra/links')).json(), { links: [] }, 'nothing half-written');

  const pod = `vision-${id}-5f7c9-x2k8p`;
  const points: InfraPoint[] = [];
  for (let m = 0; m < 20; m++)
    points.push({
      resource: resource({ namespace: 'ai', pod, container: 'server' }),
      metric: 'memory.utilization',
      kind: 'gauge',
      series: '',
      time: T0 + m * MINUTE + 1_000,
      startTime: 0,
      value: m >= 10 ? 0.97 : 0.5,
    });
  await s.vigil.store.infra.record(points);
  const listed = async () =>
    (await api('GET', `/api/v1/infra/resources?since=${T0}`)).json().resources.find((r: any) => r.pod === pod);
  assert.equal((await listed()).model, null);

  const links = [{ match: { namespace: 'ai', pod: `vision-${id}-*` }, model: `vision-${id}` }];
  const put = await api('PUT', '/api/v1/infra/links', { links });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json(), { links });
  assert.equal((await listed()).model, `vision-${id}`);

  // A rule on the model's memory reads the pod linked to it.
  const rule = await api('POST', '/api/v1/alerts/rules', {
    id: `mem-${id}`,
    name: 'Model server memory nearly full',
    kind: 'threshold',
    area: 'Infrastructure',
    severity: 'warning',
    scope: { model: `vision-${id}` },
    metric: 'infra.memory.utilization',
    window: '5m',
    comparator: '>',
    value: 0.9,
    for: '0s',
    runbook: 'https://runbooks.example/model-server-memory',
  });
  assert.ok(rule.statusCode < 300, rule.body);
  const scheduler = (s.vigil.app as any).alerting.scheduler;
  clock = T0 + 20 * MINUTE;
  const round = await scheduler.evaluateOnce(clock);
  assert.equal(round.firing, 1, 'the linked pod runs at 97 % memory');
  await api('PUT', '/api/v1/infra/links', { links: [] });
  clock += MINUTE;
  const after = await scheduler.evaluateOnce(clock);
  assert.equal(after.firing, 0, 'unlinked, the model has no infrastructure: no data, no alert');

  const readOnly = await api('PUT', '/api/v1/infra/links', { links }, { authorization: 'Bearer nope' });
  assert.equal(readOnly.statusCode, 401);
});
