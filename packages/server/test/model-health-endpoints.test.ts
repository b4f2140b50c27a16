import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { seededRandom } from './helpers/seeded-random.js';

// Issue 18: windows per endpoint, quality that knows which features each endpoint sends, and reference and
// current windows that never overlap.
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 27, 12, 10);
let s: TestServer;

before(async () => {
  s = await startTestServer({ now: () => NOW });
});
after(() => s.close());

const slug = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;
const get = (url: string) => s.vigil.app.inject({ url, headers: s.auth });
const post = (url: string, payload: unknown) =>
  s.vigil.app.inject({ method: 'POST', url, headers: s.auth, payload: payload as object });

async function ingest(items: object[]): Promise<void> {
  for (let i = 0; i < items.length; i += 1000) {
    const res = await post('/api/v1/events', { events: items.slice(i, i + 1000) });
    assert.equal(res.statusCode, 200, res.body);
  }
  await s.vigil.pipeline.flush();
}

/**
 * 36 hours of a recommender with two endpoints: POST /recommend sends weather and basket; GET /popular
 * sends no features at all (a cached list). From 09:00 (NOW − 3 h 10 min), POST /recommend stops sending weather.
 */
async function twoEndpointModel(): Promise<string> {
  const model = slug('rec');
  const r = seededRandom(7);
  const events: object[] = [];
  for (let t = NOW - 36 * HOUR; t < NOW; t += 30_000) {
    const isBroken = t >= Date.UTC(2026, 10, 27, 9);
    const features: Record<string, unknown> = { basket: Math.round(r.normal(3, 1) * 10) / 10 };
    if (!isBroken) features.weather = r.uniform() < 0.5 ? 'sun' : 'rain';
    events.push({
      model,
      modelType: 'classification',
      endpoint: 'POST /recommend',
      timestamp: t,
      features,
      prediction: 'latte',
    });
    events.push({
      model,
      modelType: 'classification',
      endpoint: 'GET /popular',
      timestamp: t + 1000,
      prediction: 'mocha',
    });
  }
  await ingest(events);
  return model;
}

test('quality judges a feature only over the endpoints that send it; the endpoint filter reads one endpoint', async () => {
  const model = await twoEndpointModel();
  const base = `/api/v1/models/${model}/quality`;
  // A healthy window, no stored reference: GET /popular sends no features, and that is no finding.
  const healthy = (await get(`${base}?from=${NOW - 12 * HOUR}&to=${NOW - 6 * HOUR}`)).json();
  assert.deepEqual(
    healthy.findings.filter((f: { check: string }) => f.check === 'missing_rate'),
    [],
    'half the rows (GET /popular) lacking basket and weather is not "50 % missing"',
  );
  assert.deepEqual(healthy.sentBy.basket, ['POST /recommend']);
  assert.deepEqual(
    healthy.endpoints.map((e: { endpoint: string; columns: string[] }) => [e.endpoint, e.columns]),
    [
      ['GET /popular', ['output:prediction']],
      ['POST /recommend', ['basket', 'output:prediction', 'weather']],
    ],
  );
  assert.equal(healthy.features.basket.missingRate, 0);

  // Store a reference from the healthy hours: it records what each endpoint sends.
  const ref = await post(`/api/v1/models/${model}/reference`, {
    window: { from: NOW - 36 * HOUR, to: NOW - 12 * HOUR },
  });
  assert.equal(ref.statusCode, 201, ref.body);
  // Now POST /recommend stops sending weather: that is found, over POST /recommend's rows only.
  const broken = (await get(`${base}?from=${NOW - 3 * HOUR}&to=${NOW}`)).json();
  const vanished = broken.findings.find((f: { feature: string }) => f.feature === 'weather');
  assert.ok(vanished, JSON.stringify(broken.findings));
  assert.equal(vanished.check, 'vanished_feature');
  assert.equal(vanished.severity, 'critical');
  assert.equal(vanished.count, 380, 'the 3 h 10 min of POST /recommend calls, not all 760 rows');
  assert.deepEqual(broken.sentBy.weather, ['POST /recommend'], 'learned from the reference, though absent now');
  assert.equal(
    broken.findings.filter((f: { feature: string }) => f.feature === 'basket').length,
    0,
    'basket is still sent: no finding',
  );

  // The endpoint filter: GET /popular alone has no feature problems; POST /recommend alone has the vanished weather.
  const popular = (
    await get(`${base}?from=${NOW - 3 * HOUR}&to=${NOW}&endpoint=${encodeURIComponent('GET /popular')}`)
  ).json();
  assert.equal(popular.endpoint, 'GET /popular');
  assert.equal(popular.rows, 380);
  assert.deepEqual(
    popular.findings.filter((f: { feature: string | null }) => f.feature === 'weather' || f.feature === 'basket'),
    [],
  );
  const recommend = (
    await get(`${base}?from=${NOW - 3 * HOUR}&to=${NOW}&endpoint=${encodeURIComponent('POST /recommend')}`)
  ).json();
  assert.equal(recommend.rows, 380);
  assert.ok(recommend.findings.some((f: { feature: string }) => f.feature === 'weather'));

  // Drift filtered to an endpoint compares that endpoint's calls.
  const drift = (
    await get(
      `/api/v1/models/${model}/drift?from=${NOW - 6 * HOUR}&to=${NOW}&endpoint=${encodeURIComponent('POST /recommend')}&reference=previous`,
    )
  ).json();
  assert.equal(drift.endpoint, 'POST /recommend');
  assert.equal(drift.currentRows, 740, 'POST /recommend over 06:00–12:10');
  assert.equal(drift.reference.rows, 840, 'the 7 hours before the widened window (06:00–13:00), same endpoint');
});

test('reference and current windows never overlap', async () => {
  const model = await twoEndpointModel();
  const drift = `/api/v1/models/${model}/drift`;
  // A current window that does not start on the hour widens to whole hours; "previous" ends where it starts.
  const from = NOW - 2 * HOUR - 20 * 60_000; // 09:50 → widened to 09:00
  const prev = (await get(`${drift}?from=${from}&to=${NOW}&reference=previous`)).json();
  assert.deepEqual(prev.window, { from: Date.UTC(2026, 10, 27, 9), to: Date.UTC(2026, 10, 27, 13) });
  assert.deepEqual(prev.reference.window, { from: Date.UTC(2026, 10, 27, 5), to: Date.UTC(2026, 10, 27, 9) });
  assert.ok(prev.reference.window.to <= prev.window.from);
  assert.equal(prev.windowNote, null);
  // The same for every preset the dashboard offers, and for quality and the timeline.
  for (const span of [HOUR, 24 * HOUR]) {
    for (const path of ['drift', 'quality', 'drift/timeline']) {
      const res = await get(`/api/v1/models/${model}/${path}?from=${NOW - span}&to=${NOW}&reference=previous`);
      if (res.statusCode !== 200) {
        assert.match(res.json().message, /no traffic/, `${path} ${span}: ${res.body}`);
        continue;
      }
      const body = res.json();
      assert.ok(
        body.reference.window.to <= body.window.from,
        `${path} over ${span / HOUR} h overlaps: ${res.body.slice(0, 300)}`,
      );
    }
  }

  // An explicit window reference that overlaps the (widened) current window is refused, naming both.
  const overlap = await get(`${drift}?from=${from}&to=${NOW}&reference=window:${NOW - 6 * HOUR},${from}`);
  assert.equal(overlap.statusCode, 400);
  assert.match(
    overlap.json().message,
    /querystring\.reference: the reference window .* overlaps the current window .*ends at or before 2026-11-27T09:00:00\.000Z/,
  );

  // A stored reference cut from traffic: a current window overlapping it starts where the reference ends.
  assert.equal(
    (await post(`/api/v1/models/${model}/reference`, { window: { from: NOW - 30 * HOUR, to: NOW - 10 * HOUR } }))
      .statusCode,
    201,
  );
  const clipped = (await get(`${drift}?from=${NOW - 24 * HOUR}&to=${NOW}`)).json();
  assert.equal(clipped.window.from, Date.UTC(2026, 10, 27, 3), 'the stored reference ends at 02:10 → widened to 03:00');
  assert.equal(clipped.reference.window.to, clipped.window.from);
  assert.match(clipped.windowNote, /overlapped the stored reference's window/);
  const inside = await get(`${drift}?from=${NOW - 20 * HOUR}&to=${NOW - 12 * HOUR}`);
  assert.equal(inside.statusCode, 400);
  assert.match(inside.json().message, /lies inside the stored reference's window/);
});

test('an LLM without predictions: performance counts its calls, so the page never reads "Predictions 0" alone', async () => {
  const model = slug('llm');
  const events = Array.from({ length: 50 }, (_, i) => ({
    model,
    modelType: 'llm',
    endpoint: 'POST /chat',
    timestamp: NOW - 2 * HOUR + i * 60_000,
    llm: { provider: 'openai', requestModel: 'gpt-4o-mini', inputTokens: 300, outputTokens: 120, finishReason: 'stop' },
  }));
  await ingest(events);
  const p = (await get(`/api/v1/models/${model}/performance?from=${NOW - 6 * HOUR}&to=${NOW}`)).json();
  assert.equal(p.kind, 'none');
  assert.equal(p.total.calls, 50);
  assert.equal(p.total.predictions, 0);
  assert.equal(
    p.points.reduce((n: number, x: { calls: number }) => n + x.calls, 0),
    50,
  );
});
