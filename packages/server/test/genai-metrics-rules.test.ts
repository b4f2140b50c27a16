// GenAI client metrics in alert rules (docs/infrastructure.md, "Alert rules"): `infra.genai.duration.p95` and
// `infra.genai.tokens.input` scoped to a model read the minutes stored from /v1/metrics (delta histograms sent
// as OTLP/JSON, one export a minute), through live evaluation and the rule preview; tags outside the
// infrastructure scope are refused like for any infrastructure rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer } from './helpers/test-server.js';

const MINUTE = 60_000;
const BOUNDS = [0.5, 1, 2, 4, 8];

test('a rule on infra.genai.duration.p95 fires when the LLM slows down; the preview replays the same minutes', async (t) => {
  const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
  let clock = T0;
  const s = await startTestServer({ now: () => clock, env: { VIGIL_ALERT_EVAL_INTERVAL_MS: '0' } });
  t.after(() => s.close());
  const model = `slow-chat-${randomUUID().slice(0, 6)}`;
  const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    s.vigil.app.inject({ method, url, headers: s.auth, payload: payload as object });

  // 30 one-minute delta exports: 10 calls each, all at ~0.7 s until minute 15, then 10 at ~6 s.
  for (let m = 0; m < 30; m++) {
    const slow = m >= 15;
    const time = `${BigInt(T0 + m * MINUTE + 30_000) * 1_000_000n}`;
    const start = `${BigInt(T0 + m * MINUTE) * 1_000_000n}`;
    const attrs = (extra: Record<string, string>) =>
      Object.entries({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.provider.name': 'openai', ...extra }).map(
        ([key, v]) => ({ key, value: { stringValue: v } }),
      );
    const res = await api('POST', '/v1/metrics', {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: model } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'gen_ai.client.operation.duration',
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        attributes: attrs({ 'gen_ai.operation.name': 'chat' }),
                        startTimeUnixNano: start,
                        timeUnixNano: time,
                        count: '10',
                        sum: slow ? 60 : 7,
                        explicitBounds: BOUNDS,
                        bucketCounts: slow ? ['0', '0', '0', '0', '10', '0'] : ['0', '10', '0', '0', '0', '0'],
                      },
                    ],
                  },
                },
                {
                  name: 'gen_ai.client.token.usage',
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        attributes: attrs({ 'gen_ai.operation.name': 'chat', 'gen_ai.token.type': 'input' }),
                        startTimeUnixNano: start,
                        timeUnixNano: time,
                        count: '10',
                        sum: 1000,
                        explicitBounds: [],
                        bucketCounts: ['10'],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {});
  }

  const rule = {
    id: `genai-p95-${model}`,
    name: `LLM latency p95 of ${model}`,
    kind: 'threshold',
    area: 'Infrastructure',
    severity: 'warning',
    scope: { model },
    metric: 'infra.genai.duration.p95',
    window: '5m',
    comparator: '>',
    value: 5,
    for: '2m',
    runbook: 'https://runbooks.example/llm-latency',
  };
  const created = await api('POST', '/api/v1/alerts/rules', rule);
  assert.ok(created.statusCode < 300, created.body);
  const refused = await api('POST', '/api/v1/alerts/rules', { ...rule, id: 'bad', scope: { tags: { region: 'eu' } } });
  assert.equal(refused.statusCode, 400);

  const scheduler = (s.vigil.app as any).alerting.scheduler;
  let firedAt: number | null = null;
  for (let now = T0 + 5 * MINUTE; now <= T0 + 30 * MINUTE; now += MINUTE) {
    clock = now;
    const round = await scheduler.evaluateOnce(now);
    if (firedAt === null && round.firing > 0) firedAt = now;
  }
  assert.ok(firedAt !== null, 'the p95 rule fired');
  // The first slow minute (15) enters the 5-minute window ending at 16: 10 of its 50 calls are in (4, 8], so rank
  // 0.95·50 = 47.5 lies there (p95 = 4 + 4·7.5/10 = 7 s > 5); then `for: 2m`.
  assert.ok(firedAt >= T0 + 16 * MINUTE && firedAt <= T0 + 19 * MINUTE, `fired at minute ${(firedAt - T0) / MINUTE}`);
  assert.match((await api('GET', '/api/v1/alerts')).body, new RegExp(rule.id));

  const preview = await api('POST', '/api/v1/alerts/rules/preview', { rule, range: '1h' });
  assert.equal(preview.statusCode, 200, preview.body);
  const p = preview.json();
  assert.equal(p.firings, 1);
  const values = p.values.map(([, v]: [number, number | null]) => v).filter((v: number | null) => v !== null);
  // Fast windows: 50 calls all in (0.5, 1] → rank 47.5 → 0.5 + 0.5·0.95 = 0.975 s; fully slow windows: in (4, 8] → 7.8 s.
  assert.ok(
    values.some((v: number) => Math.abs(v - 0.975) < 1e-9),
    `values ${values.slice(0, 5)}`,
  );
  assert.ok(values.some((v: number) => Math.abs(v - 7.8) < 1e-9));

  const tokens = await api('POST', '/api/v1/alerts/rules/preview', {
    rule: { ...rule, id: 'tokens', metric: 'infra.genai.tokens.input', value: 100_000 },
    range: '1h',
  });
  assert.equal(tokens.statusCode, 200, tokens.body);
  // 1000 input tokens a minute. Infrastructure windows are whole minutes, rounded outward: a 5-minute window
  // that does not start on a minute covers 6 of them.
  const sums = tokens.json().values.map(([, v]: [number, number | null]) => v);
  assert.ok(sums.includes(5000) && sums.includes(6000), `token sums ${sums}`);
});
