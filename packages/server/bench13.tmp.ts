import { startTestServer } from './test/helpers/test-server.ts';
const s = await startTestServer({});
const H = { ...s.auth, 'content-type': 'application/json' };
const now = Date.now(); const HOUR = 3600e3;
const days = Number(process.argv[2] ?? 90);
let events: any[] = [];
for (let h = 0; h < days * 24; h++) for (let k = 0; k < 5; k++) {
  events.push({ model: 'm1', modelType: 'classification', timestamp: now - h * HOUR - k * 1000, latencyMs: 10 + k, features: { a: Math.random(), b: Math.random() * 100, c: ['x', 'y', 'z'][k % 3], d: k % 2 === 0, e: h % 7 }, prediction: { label: k % 2 ? 'yes' : 'no', score: Math.random() } });
  if (events.length === 1000) { await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: H, payload: { events } }); events = []; }
}
if (events.length) await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: H, payload: { events } });
await s.vigil.pipeline.flush();
const from = new Date(now - days * 86400e3).toISOString();
for (const u of [`/api/v1/models/m1/performance?from=${from}`, `/api/v1/models/m1/quality?from=${from}&reference=window:${from},${new Date(now).toISOString()}`, `/api/v1/models/m1/drift?from=${from}&reference=window:${from},${new Date(now).toISOString()}`, `/api/v1/models/m1/drift/timeline?from=${from}&reference=window:${from},${new Date(now).toISOString()}`, `/api/v1/models?window=${days}d`, `/api/v1/metrics/timeseries?from=${from}&metric=latency.p99,calls`, `/api/v1/cost?from=${from}`]) {
  const t = performance.now();
  const r = await s.vigil.app.inject({ url: u, headers: s.auth });
  console.log(r.statusCode, (performance.now() - t).toFixed(0), 'ms', u.slice(0, 60), r.body.length);
}
await s.close();
