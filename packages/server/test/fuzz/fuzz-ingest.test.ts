// Property-based fuzzing of the ingest paths (events, labels, OTLP traces) against a real server and SQLite
// file: every answer is a documented 2xx or 4xx, the store gains exactly the items the answer acknowledged
// (no more, no fewer, with the ids it returned), and the server keeps answering. Failures found are kept in
// fuzz-regressions.ts and replayed by fuzz-regressions.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TestServer } from '../helpers/test-server.js';
import { checkAnswer, RUNS_SCALE, startFuzzServer } from './fuzz-support.js';
import { arbitraryFor, deepValue, hostileLeaf, type JsonSchema } from './schema-arbitrary.js';
import { Event, Label } from '@vigil/protocol';

let s: TestServer;
let lastEventId = 0;
let lastLabelId = 0;
let labelRuns = 0;
let labelsAccepted = 0;

before(async () => {
  s = await startFuzzServer();
  // The OTLP model first: the event fuzz may fill the model limit with random slugs before the OTLP test runs.
  const r = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: { events: [{ model: 'fz-otlp' }] },
  });
  assert.equal(r.statusCode, 200);
  lastEventId = (await s.vigil.store.events.scanEventsAfter(0, 10)).at(-1)!.id;
});
after(() => s.close());

const models = fc.constantFrom('fz-a', 'fz-b', 'fz-c');
/** Mostly real events, built from the very schema ingest validates with, plus hostile items. */
const eventItem = fc.oneof(
  { weight: 4, arbitrary: arbitraryFor(Event as unknown as JsonSchema, 0) },
  { weight: 3, arbitrary: arbitraryFor(Event as unknown as JsonSchema, 8) },
  {
    weight: 3,
    arbitrary: fc.record({
      model: models,
      latencyMs: fc.oneof(fc.double({ min: 0, max: 1e5, noNaN: true }), hostileLeaf),
      endpoint: fc.oneof(fc.constantFrom('GET /a', 'POST /b'), hostileLeaf),
      features: fc.dictionary(fc.string({ maxLength: 300 }), fc.oneof(fc.double({ noNaN: true }), hostileLeaf), {
        maxKeys: 5,
      }),
      prediction: fc.oneof(fc.double({ noNaN: true }), fc.constant({ label: 'x', extra: deepValue(50) }), hostileLeaf),
      timestamp: fc.oneof(fc.constant(Date.now()), hostileLeaf),
      llm: fc.oneof(fc.record({ inputTokens: fc.oneof(fc.nat(), hostileLeaf) }), hostileLeaf),
    }),
  },
  { weight: 1, arbitrary: hostileLeaf },
);

async function newEvents(): Promise<Array<{ id: number; requestId: string }>> {
  const rows = await s.vigil.store.events.scanEventsAfter(lastEventId, 100_000);
  if (rows.length) lastEventId = rows.at(-1)!.id;
  return rows;
}

test('POST /api/v1/events: hostile batches are answered 200/207/4xx and store exactly what was acknowledged', async () => {
  const seen = { accepted: 0, rejected: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(eventItem, { minLength: 0, maxLength: 25 }), async (events) => {
      const r = await s.vigil.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: s.auth,
        payload: { events },
      });
      checkAnswer(r, 'POST /api/v1/events');
      const stored = await newEvents();
      if (r.statusCode >= 400) {
        seen.refused++;
        return assert.equal(stored.length, 0, 'a refused request stores nothing');
      }
      const body = r.json() as {
        accepted: number;
        rejected: Array<{ index: number; code: string }>;
        requestIds: Array<string | null>;
      };
      seen.accepted += body.accepted;
      seen.rejected += body.rejected.length;
      assert.equal(body.accepted + body.rejected.length, events.length);
      assert.equal(stored.length, body.accepted, 'the store gained exactly the accepted events');
      assert.deepEqual(
        stored.map((e) => e.requestId),
        body.requestIds.filter((id) => id !== null),
      );
      for (const rej of body.rejected) assert.match(rej.code, /^VIGIL_ERR_(BATCH_ITEM_INVALID|CARDINALITY_LIMIT)$/);
    }),
    { numRuns: 300 * RUNS_SCALE },
  );
  // The generators reach both sides: valid events stored, hostile ones refused item by item.
  assert.ok(seen.accepted > 100 && seen.rejected > 300 && seen.refused > 5, JSON.stringify(seen));
  const read = await s.vigil.app.inject({ url: '/api/v1/events?limit=1000', headers: s.auth });
  assert.equal(read.statusCode, 200, 'everything stored reads back');
});

test('POST /api/v1/labels: hostile labels are answered 200/207/4xx and store exactly what was acknowledged', async () => {
  const label = fc.oneof(
    { weight: 3, arbitrary: arbitraryFor(Label as unknown as JsonSchema, 0) },
    { weight: 2, arbitrary: arbitraryFor(Label as unknown as JsonSchema, 6) },
    { weight: 1, arbitrary: fc.record({ model: models, requestId: fc.string(), label: hostileLeaf }) },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(label, { maxLength: 25 }), async (labels) => {
      labelRuns++;
      const r = await s.vigil.app.inject({
        method: 'POST',
        url: '/api/v1/labels',
        headers: s.auth,
        payload: { labels },
      });
      checkAnswer(r, 'POST /api/v1/labels');
      const stored = await s.vigil.store.events.scanLabelsAfter(lastLabelId, 100_000);
      if (stored.length) lastLabelId = stored.at(-1)!.id;
      if (r.statusCode >= 400) return assert.equal(stored.length, 0);
      const body = r.json() as { accepted: number; rejected: unknown[] };
      assert.equal(body.accepted + body.rejected.length, labels.length);
      assert.equal(stored.length, body.accepted);
      labelsAccepted += body.accepted;
    }),
    { numRuns: 200 * RUNS_SCALE },
  );
  assert.ok(labelRuns >= 200 && labelsAccepted > 100, `${labelsAccepted} labels accepted`);
});

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ stringValue: fc.oneof(fc.string(), hostileLeaf) }),
  fc.record({ intValue: fc.oneof(fc.integer(), fc.constantFrom('12', '99999999999999999999', 'x'), hostileLeaf) }),
  fc.record({ doubleValue: fc.oneof(fc.double(), hostileLeaf) }),
  fc.record({ boolValue: fc.boolean() }),
  fc.record({ arrayValue: fc.record({ values: fc.array(fc.record({ stringValue: fc.string() }), { maxLength: 3 }) }) }),
  fc.constant({ arrayValue: deepValue(3000, 'array') }),
  hostileLeaf,
);
const attribute = fc.record({
  key: fc.oneof(
    fc.constantFrom(
      'vigil.model',
      'gen_ai.request.model',
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.output_tokens',
      'gen_ai.response.finish_reasons',
      'vigil.cost_usd',
      'vigil.tag.region',
      'http.route',
      'error.type',
    ),
    fc.string(),
  ),
  value: fc.oneof(
    { weight: 1, arbitrary: fc.constant({ stringValue: 'fz-otlp' }) },
    { weight: 3, arbitrary: anyValue },
  ),
});
/** Mostly proper, now and then hostile: a hostile structure fails the whole export (400), a hostile value one span. */
const mostly = <T>(proper: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: proper }, { weight: 1, arbitrary: hostileLeaf });
const span = fc.record(
  {
    traceId: fc.stringMatching(/^[0-9a-f]{32}$/),
    spanId: mostly(fc.stringMatching(/^[0-9a-f]{16}$/)),
    name: mostly(fc.string()),
    startTimeUnixNano: fc.oneof(
      { weight: 6, arbitrary: fc.constant(String(Date.now() * 1e6)) },
      { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String) },
      { weight: 1, arbitrary: hostileLeaf },
    ),
    endTimeUnixNano: mostly(fc.constant(String((Date.now() + 5) * 1e6))),
    attributes: mostly(fc.array(attribute, { maxLength: 6 })),
    status: mostly(fc.record({ code: fc.constantFrom(0, 1, 2, 'STATUS_CODE_ERROR') })),
  },
  { requiredKeys: ['traceId', 'startTimeUnixNano'] },
);
const otlpBody = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      resourceSpans: fc.array(
        fc.record({
          resource: fc.oneof(
            {
              weight: 3,
              arbitrary: fc.constant({ attributes: [{ key: 'vigil.model', value: { stringValue: 'fz-otlp' } }] }),
            },
            { weight: 2, arbitrary: fc.record({ attributes: fc.array(attribute, { maxLength: 3 }) }) },
            { weight: 1, arbitrary: hostileLeaf },
          ),
          scopeSpans: mostly(fc.array(fc.record({ spans: fc.array(span, { maxLength: 6 }) }), { maxLength: 2 })),
        }),
        { maxLength: 2 },
      ),
    }),
  },
  { weight: 1, arbitrary: hostileLeaf },
);

let otlpStored = 0;
test('POST /v1/traces: hostile OTLP exports are answered 200/4xx in the error shape and never store more spans than they sent', async () => {
  await fc.assert(
    fc.asyncProperty(otlpBody, async (body) => {
      const r = await s.vigil.app.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { ...s.auth, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      checkAnswer(r, 'POST /v1/traces');
      const stored = await newEvents();
      if (r.statusCode >= 400) return assert.equal(stored.length, 0);
      const spans = JSON.stringify(body).match(/"traceId"/g)?.length ?? 0;
      assert.ok(stored.length <= spans, `${stored.length} events from ${spans} spans`);
      otlpStored += stored.length;
    }),
    { numRuns: 250 * RUNS_SCALE },
  );
  assert.ok(otlpStored > 20, `${otlpStored} events from OTLP spans`);
  assert.equal((await s.vigil.app.inject({ url: '/healthz' })).statusCode, 200);
});
