import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { prepareCoffeeDemo } from '../../src/demo/index.js';

export { ensureWebBuilt, WEB_DIR } from '../../../../scripts/ensure-web-built.mjs';

/** A model that stopped calling 3 h ago: the overview must call it stale and show "—" for its last hour. */
export const STALE_MODEL = { model: 'legacy-scorer', endpoint: 'POST /v1/score' };

/**
 * The coffee demo's traffic as `vigil demo` makes it: a day of backfilled rollups, the last 30 minutes as
 * raw events sent through the SDK, GET /api/v1/demo registered. The clock is `now` and stands still, so
 * the simulator stops once it has caught up. Plus one stale model posted to POST /api/v1/events.
 */
export async function startDemoServer(now: number): Promise<TestServer> {
  const s = await startTestServer({ now: () => now });
  // The demo registers its route, so it runs before listen (as in `vigil demo`), not with listen: true.
  const demo = await prepareCoffeeDemo(s.vigil, {
    rate: 120,
    backfillDays: 1,
    rawMinutes: 30,
    seed: 7,
    utcOffsetMinutes: 0,
    now: () => now,
  });
  s.url = await s.vigil.app.listen({ port: 0, host: '127.0.0.1' });
  const sim = await demo.startTraffic(s.url);
  await sim.whenCaughtUp();
  await sim.stop();

  const events = [];
  for (let t = now - 24 * 3_600_000; t < now - 3 * 3_600_000; t += 5 * 60_000) {
    events.push({
      model: STALE_MODEL.model,
      modelType: 'regression',
      endpoint: STALE_MODEL.endpoint,
      timestamp: t,
      latencyMs: 20 + (t % 7),
      costUsd: 0.0001,
    });
  }
  const res = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: s.auth, payload: { events } });
  if (res.statusCode !== 200) throw new Error(`ingest answered ${res.statusCode}: ${res.body}`);
  await s.vigil.pipeline.flush();
  // The SDK's keep-alive sockets would otherwise hold app.close() for about a minute.
  s.vigil.app.server.closeAllConnections();
  return s;
}
