import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from './helpers/test-server.js';

type Obj = Record<string, any>;
const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const HOUR = 3_600_000;

test('LLM events sent without costUsd are priced at ingest with the version in force at their timestamp, which the event records', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-pricing-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  let s = await startTestServer({ dataDir, now: () => T0 + 3 * HOUR });
  const model = `chat-${randomUUID().slice(0, 6)}`;
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    s.vigil.app.inject({ method, url, headers: s.auth, payload });
  const llm = (requestId: string, timestamp: number, extra: Obj = {}, requestModel = 'gpt-4o-mini') => ({
    model,
    modelType: 'llm',
    requestId,
    timestamp,
    latencyMs: 300,
    llm: { requestModel, inputTokens: 1000, outputTokens: 500 },
    ...extra,
  });

  // Before any price: the event is stored without a cost.
  assert.equal((await call('POST', '/api/v1/events', { events: [llm('r0', T0)] })).statusCode, 200);
  const v1 = await call('PUT', '/api/v1/cost/prices', {
    prices: [
      { provider: 'openai', model: 'GPT-4o-mini', inputPerMTok: 0.15, outputPerMTok: 0.6, validFrom: T0 - 24 * HOUR },
    ],
  });
  assert.equal(v1.statusCode, 200, v1.body);
  const v2 = await call('PUT', '/api/v1/cost/prices', {
    prices: [{ provider: 'openai', model: 'gpt-4o-mini', inputPerMTok: 0.3, outputPerMTok: 1.2, validFrom: T0 + HOUR }],
  });
  const [version1, version2] = [v1.json().created[0].version, v2.json().created[0].version];
  const res = await call('POST', '/api/v1/events', {
    events: [
      llm('r1', T0 + 30 * 60_000), // before v2 took effect: v1, even though it arrives after v2 was added
      llm('r2', T0 + 2 * HOUR), // v2
      llm('r3', T0 + 2 * HOUR, { costUsd: 0.01 }), // the client's cost is kept
      llm('r4', T0 + 2 * HOUR, {}, 'some-unpriced-model'),
    ],
  });
  assert.equal(res.statusCode, 200, res.body);

  const byRequest = async () => {
    const events = (await call('GET', `/api/v1/events?model=${model}&limit=10`)).json().events as Obj[];
    return Object.fromEntries(events.map((e) => [e.requestId, [e.event.costUsd ?? null, e.priceVersion]]));
  };
  const expected = {
    r0: [null, null],
    r1: [(1000 * 0.15 + 500 * 0.6) / 1e6, version1],
    r2: [(1000 * 0.3 + 500 * 1.2) / 1e6, version2],
    r3: [0.01, null],
    r4: [null, null],
  };
  assert.deepEqual(await byRequest(), expected);

  // The priced cost flows into the rollups like a sent one: spend and the calls that carried a cost.
  await s.vigil.pipeline.flush();
  const cost = (await call('GET', `/api/v1/cost?from=${T0 - HOUR}&to=${T0 + 3 * HOUR}&step=1d`)).json();
  const mine = (cost.groups as Obj[]).find((g) => g.key === model)!;
  assert.ok(Math.abs(mine.totals.spendUsd - (0.00045 + 0.0009 + 0.01)) < 1e-12, JSON.stringify(mine));
  assert.deepEqual([mine.totals.calls, mine.totals.callsWithCost], [5, 3]);

  // Stored with the event: a restart keeps the costs and versions, and prices new events with the stored table.
  await s.close();
  s = await startTestServer({ dataDir, now: () => T0 + 3 * HOUR });
  t.after(() => s.close());
  assert.equal((await call('POST', '/api/v1/events', { events: [llm('r5', T0 + 2 * HOUR)] })).statusCode, 200);
  assert.deepEqual(await byRequest(), { ...expected, r5: [(1000 * 0.3 + 500 * 0.6 * 2) / 1e6, version2] });
});
