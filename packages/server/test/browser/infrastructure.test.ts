// The Infrastructure page in a real Chromium against a real server: resources sent as infrastructure metrics are
// listed with their linked model, and each service shows CPU, memory, network and restarts charts beside the
// model's p95 latency and error rate from its events; an unlinked resource is linked to a model from its row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InfraPoint, InfraResource } from '../../src/storage/index.js';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/identity.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ensureWebBuilt } from './dashboard-fixture.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
let s: TestServer;
let browser: TestBrowser;

before(async () => {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer({ listen: true, now: () => NOW });
  const events = [];
  for (let t = NOW - 6 * 3_600_000; t < NOW; t += 5 * 60_000)
    events.push({
      model: 'chat-api',
      endpoint: 'POST /v1/chat',
      timestamp: t,
      latencyMs: 200 + ((t / 60_000) % 50) * 4,
      ...(t % 7 === 0 && { status: 'error', errorType: 'Timeout' }),
    });
  const res = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: s.auth, payload: { events } });
  assert.ok(res.statusCode === 200 || res.statusCode === 207, res.body);
  await s.vigil.pipeline.flush();
  const pod = (name: string): InfraResource => ({
    service: 'chat-api',
    host: 'gpu-node-1',
    pod: name,
    container: 'app',
    namespace: 'ai',
    model: null,
  });
  const db: InfraResource = { service: null, host: 'db-1', pod: null, container: null, namespace: null, model: null };
  const points: InfraPoint[] = [];
  for (let t = NOW - 6 * 3_600_000; t < NOW; t += 60_000) {
    const i = (t - NOW) / 60_000;
    for (const [r, k] of [
      [pod('chat-api-7f9c'), 1],
      [pod('chat-api-2b1d'), 1.3],
      [db, 0.5],
    ] as const) {
      points.push({
        resource: r,
        metric: 'cpu.utilization',
        kind: 'gauge',
        series: '',
        time: t,
        startTime: 0,
        value: Math.min(1, k * (0.35 + 0.2 * Math.sin(i / 30))),
      });
      points.push({
        resource: r,
        metric: 'memory.usage',
        kind: 'gauge',
        series: '',
        time: t,
        startTime: 0,
        value: k * (3e9 + 1e7 * (i % 60)),
      });
      points.push({
        resource: r,
        metric: 'network.io',
        kind: 'delta',
        series: 'eth0|receive',
        time: t,
        startTime: 0,
        value: k * 6e6 * (1.2 + Math.cos(i / 20)),
      });
    }
    // kube-state-metrics' running restart count, reported every minute: one restart two hours ago
    points.push({
      resource: pod('chat-api-7f9c'),
      metric: 'restarts',
      kind: 'cumulative',
      series: 'app',
      time: t,
      startTime: 0,
      value: i >= -120 ? 4 : 3,
    });
  }
  // What an instrumented LLM client of chat-api sent as OpenTelemetry GenAI metrics (stored per service and LLM):
  // 3 calls, one failed, durations in the (0.64,1.28], (1.28,2.56] and (2.56,5.12] buckets.
  const llm: InfraResource = {
    ...pod('chat-api-7f9c'),
    model: 'chat-api',
    genAiModel: 'gpt-4o',
    genAiProvider: 'openai',
  };
  const genAi = (metric: string, value: number): InfraPoint => ({
    resource: llm,
    metric,
    kind: 'delta',
    series: 'chat',
    time: NOW - 30 * 60_000,
    startTime: 0,
    value,
  });
  points.push(
    genAi('genai.tokens.input', 1200),
    genAi('genai.tokens.output', 345),
    genAi('genai.duration.count', 3),
    genAi('genai.duration.sum', 4.5),
    genAi('genai.duration.errors', 1),
    genAi('genai.duration.le:0.64', 0),
    genAi('genai.duration.le:1.28', 1),
    genAi('genai.duration.le:2.56', 1),
    genAi('genai.duration.le:5.12', 1),
    genAi('genai.duration.le:+Inf', 0),
  );
  await s.vigil.store.infra.record(points);
  browser = await launchTestBrowser({ width: 1280, height: 900 });
  browser.page.setDefaultTimeout(15_000);
  await signInBrowser(browser.page, s.url, { apiKey: s.adminKey });
});

after(async () => {
  await browser?.close();
  await s?.close();
});

test('the Infrastructure page lists resources with their model and charts each service beside its model', async () => {
  const { page } = browser;
  await page.goto(`${s.url}/infra?range=24h`);
  await page.getByTestId('infra-resources').waitFor();
  assert.equal(await page.getByTestId('infra-resource-row').count(), 3);
  const chat = page.locator('[data-testid="infra-group"][data-group="chat-api"]');
  await chat.getByTestId('chart-infra-model-p95').waitFor();
  for (const id of [
    'chart-infra-cpu.utilization',
    'chart-infra-memory.usage',
    'chart-infra-network.io',
    'chart-infra-restarts',
    'chart-infra-model-errors',
  ])
    assert.equal(await chat.getByTestId(id).count(), 1, id);
  assert.equal(
    await page.locator('[data-testid="infra-group"][data-group="db-1"]').getByTestId('chart-infra-model-p95').count(),
    0,
  );
  const rows = await page.getByTestId('infra-resource-row').allInnerTexts();
  // linked by service.name = model name: the model column links chat-api
  assert.ok(
    rows.some((r) => /^chat-api\tgpu-node-1\tchat-api-7f9c \/ app\tchat-api\t/.test(r)),
    rows.join('\n'),
  );
  await page.screenshot({ path: `${SHOTS}infrastructure.png`, fullPage: true });
});

test('an unlinked host is linked to a model from its row, and the list shows the model at once', async () => {
  const { page } = browser;
  await page.goto(`${s.url}/infra?range=24h`);
  const dbRow = page.getByTestId('infra-resource-row').filter({ hasText: 'db-1' });
  await dbRow.getByTestId('infra-link-resource').click();
  assert.equal(await page.getByTestId('infra-link-host').inputValue(), 'db-1');
  await page.getByTestId('infra-link-model').fill('chat-api');
  await page.getByTestId('infra-link-save').click();
  await page.getByTestId('infra-link-row').filter({ hasText: 'host db-1' }).waitFor();
  await dbRow.locator('a.chip', { hasText: 'chat-api' }).waitFor();
  assert.equal(await page.getByTestId('infra-link-host').inputValue(), '', 'the form is ready for the next link');
  const stored = await s.vigil.app.inject({ method: 'GET', url: '/api/v1/infra/links', headers: s.auth });
  assert.deepEqual(stored.json(), { links: [{ match: { host: 'db-1' }, model: 'chat-api' }] });
  await page.getByTestId('infra-links').screenshot({ path: `${SHOTS}infrastructure-links.png` });
  await page.getByTestId('infra-link-row').getByRole('button', { name: 'Remove' }).click();
  await dbRow.getByTestId('infra-link-resource').waitFor();
});

test('GenAI client metrics show as a client-reported panel on the model page and the Infrastructure page, not as a host', async () => {
  const { page } = browser;
  await page.goto(`${s.url}/models/chat-api?range=24h`);
  const panel = page.getByTestId('genai-client-panel');
  await panel.waitFor();
  assert.match(await panel.locator('h2').innerText(), /Client-reported \(OpenTelemetry GenAI metrics\)/);
  const row = await panel.getByTestId('genai-client-row').innerText();
  // service, LLM (provider), tokens in, out, calls, errors, mean 4.5/3 s, p95 2.56 + 2.56·(2.85−2)/1 s
  assert.deepEqual(row.split('\t'), ['chat-api', 'gpt-4o (openai)', '1,200', '345', '3', '1', '1.50 s', '4.74 s']);
  assert.match(await panel.innerText(), /estimated from the histogram buckets/);
  await panel.screenshot({ path: `${SHOTS}genai-client-panel.png` });
  await page.goto(`${s.url}/infra?range=24h`);
  await page.getByTestId('genai-client-panel').waitFor();
  assert.equal(await page.getByTestId('infra-resource-row').count(), 3, 'the LLM is not listed as a host');
});
