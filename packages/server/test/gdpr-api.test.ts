// GDPR through the API: who may export and erase a data subject (InfoSec and Admin), what an export holds and
// how it downloads, what the audit trail keeps of an erasure (a keyed hash, never the id), subject ids from the
// SDK wire and OTLP (`enduser.id`), and retention per use case enforced by the retention job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestServer } from './helpers/test-server.js';
import { addTestUser, loginSession } from './helpers/identity.js';
import { applyRetention } from '../src/ingest/retention-job.js';

const DAY = 86_400_000;

test('InfoSec exports and erases a subject; other roles are refused; the trail keeps a keyed hash, not the id', async () => {
  const s = await startTestServer();
  try {
    const subject = `cust-${randomBytes(5).toString('hex')}`;
    const model = `gdpr-api-${randomBytes(3).toString('hex')}`;
    const sent = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: {
        events: [
          { model, requestId: 'a1', subjectId: subject, latencyMs: 3, prediction: 'latte' },
          { model, requestId: 'a2', latencyMs: 4 },
          { model, requestId: 'a3', subjectId: subject, latencyMs: 5 },
        ],
      },
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const bad = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: s.auth,
      payload: {
        events: [
          { model, subjectId: 'x'.repeat(129) },
          { model, subjectId: '' },
        ],
      },
    });
    assert.equal(bad.statusCode, 207);
    assert.match(bad.json().rejected[0].message, /subjectId/);
    assert.equal(bad.json().rejected.length, 2);
    await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/labels',
      headers: s.auth,
      payload: { labels: [{ model, requestId: 'a1', label: 'latte' }] },
    });

    const infosec = await loginSession(s, await addTestUser(s, { roles: ['infosec'] }));
    const devops = await loginSession(s, await addTestUser(s, { roles: ['devops'] }));
    const viewer = await loginSession(s, await addTestUser(s, { roles: ['viewer'] }));
    for (const who of [devops, viewer]) {
      const get = await s.vigil.app.inject({ url: `/api/v1/subjects/${subject}`, headers: who.headers });
      assert.equal(get.statusCode, 403);
      const del = await s.vigil.app.inject({
        method: 'DELETE',
        url: `/api/v1/subjects/${subject}`,
        headers: who.headers,
      });
      assert.equal(del.statusCode, 403);
    }

    const exported = await s.vigil.app.inject({ url: `/api/v1/subjects/${subject}`, headers: infosec.headers });
    assert.equal(exported.statusCode, 200, exported.body);
    const body = exported.json();
    assert.deepEqual(body.counts, { events: 2, labels: 1, models: [model] });
    assert.deepEqual(
      body.events.map((e: { requestId: string }) => e.requestId),
      ['a1', 'a3'],
    );
    assert.equal(body.events[0].event.prediction, 'latte');
    assert.equal(body.labels[0].label, 'latte');
    assert.equal(body.isTruncated, false);
    assert.ok(body.notHeld.length > 0);
    const download = await s.vigil.app.inject({
      url: `/api/v1/subjects/${subject}?download=true`,
      headers: infosec.headers,
    });
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="vigil-subject-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    assert.equal(download.json().counts.events, 2);

    const erased = await s.vigil.app.inject({
      method: 'DELETE',
      url: `/api/v1/subjects/${subject}`,
      headers: infosec.headers,
    });
    assert.equal(erased.statusCode, 200, erased.body);
    assert.equal(erased.json().events, 2);
    assert.equal(erased.json().labels, 1);
    assert.equal(typeof erased.json().auditSeq, 'number');
    const left = await s.vigil.app.inject({ url: `/api/v1/events?model=${model}&limit=10`, headers: s.auth });
    assert.deepEqual(
      left.json().events.map((e: { requestId: string }) => e.requestId),
      ['a2'],
    );

    const trail = await s.vigil.app.inject({ url: '/api/v1/audit/export', headers: s.auth });
    assert.ok(!trail.body.includes(subject), 'the subject id is nowhere in the audit trail');
    const entries = trail.body
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { action: string; target: string | null; actor: string; outcome: string; after: unknown },
      );
    const erasure = entries.find((e) => e.action === 'subject.erased');
    assert.ok(erasure);
    assert.match(erasure.target!, /^subject:hmac-sha256:[0-9a-f]{64}$/);
    assert.match(erasure.actor, /^user:/);
    assert.deepEqual(erasure.after, { events: 2, labels: 1, blocksRewritten: 1 });
    assert.equal(entries.filter((e) => e.action === 'subject.exported').length, 2);
    const refused = entries.filter((e) => e.action === 'DELETE /api/v1/subjects/:id');
    assert.equal(refused.length, 2, 'refused erasures are recorded');
    assert.ok(refused.every((e) => e.target === '{"id":"[subject]"}' && e.outcome === 'failure'));
    // The export of an erased subject says when it was erased.
    const again = await s.vigil.app.inject({ url: `/api/v1/subjects/${subject}`, headers: infosec.headers });
    assert.equal(again.json().previousErasures.length, 1);
    assert.equal(again.json().counts.events, 0);
  } finally {
    await s.close();
  }
});

test('OTLP: enduser.id becomes the subjectId, and the subject is found and erased', async () => {
  const s = await startTestServer();
  try {
    const subject = `otel-user-${randomBytes(4).toString('hex')}`;
    const span = (id: string, attrs: Array<{ key: string; value: { stringValue: string } }>) => ({
      traceId: randomBytes(16).toString('hex'),
      spanId: id,
      name: 'chat',
      kind: 3,
      startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
      endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }, ...attrs],
    });
    const res = await s.vigil.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { ...s.auth, 'content-type': 'application/json' },
      payload: {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'vigil.model', value: { stringValue: 'otel-gdpr' } }] },
            scopeSpans: [
              {
                spans: [
                  span(randomBytes(8).toString('hex'), [{ key: 'enduser.id', value: { stringValue: subject } }]),
                  span(randomBytes(8).toString('hex'), [{ key: 'vigil.subject_id', value: { stringValue: subject } }]),
                  span(randomBytes(8).toString('hex'), []),
                ],
              },
            ],
          },
        ],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const held = await s.vigil.app.inject({ url: `/api/v1/subjects/${subject}`, headers: s.auth });
    assert.equal(held.json().counts.events, 2);
    const erased = await s.vigil.app.inject({ method: 'DELETE', url: `/api/v1/subjects/${subject}`, headers: s.auth });
    assert.equal(erased.json().events, 2);
    const left = await s.vigil.app.inject({ url: '/api/v1/events?model=otel-gdpr&limit=10', headers: s.auth });
    assert.equal(left.json().events.length, 1);
  } finally {
    await s.close();
  }
});

test('retention per use case: the job prunes one use case’s raw events and rollups earlier than the global', async () => {
  let now = Date.UTC(2026, 9, 1, 12);
  const s = await startTestServer({ now: () => now });
  try {
    const short = `ret-short-${randomBytes(3).toString('hex')}`;
    const other = `ret-other-${randomBytes(3).toString('hex')}`;
    const uc = await s.vigil.app.inject({
      method: 'POST',
      url: '/api/v1/use-cases',
      headers: s.auth,
      payload: { id: `uc-${short}`, name: 'Short-lived', ownerTeam: 'bi', models: [short], endpoints: [] },
    });
    assert.equal(uc.statusCode, 201, uc.body);
    const infosec = await loginSession(s, await addTestUser(s, { roles: ['infosec'] }));
    const business = await loginSession(s, await addTestUser(s, { roles: ['business'] }));
    const put = (headers: Record<string, string>, useCase: string, body: object) =>
      s.vigil.app.inject({
        method: 'PUT',
        url: `/api/v1/retention-policies/${useCase}`,
        headers,
        payload: body,
      });
    assert.equal((await put(business.headers, `uc-${short}`, { rawEventDays: 7, rollupDays: null })).statusCode, 403);
    const tooLong = await put(infosec.headers, `uc-${short}`, { rawEventDays: 31, rollupDays: null });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.json().message, /body\.rawEventDays: 31 is above the global retention of 30 days/);
    assert.equal(
      (await put(infosec.headers, 'no-such-use-case', { rawEventDays: 7, rollupDays: null })).statusCode,
      404,
    );
    const ok = await put(infosec.headers, `uc-${short}`, { rawEventDays: 7, rollupDays: 20 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().effectiveRawEventDays, 7);
    const list = await s.vigil.app.inject({ url: '/api/v1/retention-policies', headers: business.headers });
    assert.equal(list.statusCode, 200);
    const mine = list.json().policies.find((p: { useCaseId: string }) => p.useCaseId === `uc-${short}`);
    assert.deepEqual([mine.rawEventDays, mine.rollupDays, mine.effectiveRawEventDays], [7, 20, 7]);
    assert.equal(list.json().globalRawEventDays, 30);

    const post = (model: string, n: number) =>
      s.vigil.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: s.auth,
        payload: { events: Array.from({ length: n }, () => ({ model, latencyMs: 3, timestamp: now - 1000 })) },
      });
    assert.equal((await post(short, 4)).statusCode, 200);
    assert.equal((await post(other, 3)).statusCode, 200);
    await s.vigil.pipeline.flush();
    now += 10 * DAY;
    assert.equal((await post(short, 2)).statusCode, 200);
    await s.vigil.pipeline.flush();

    let removed = await applyRetention(s.vigil.store, now, 30);
    assert.equal(removed.events, 0, 'nothing is past the global 30 days');
    assert.equal(removed.policyEvents, 4, 'the use case keeps 7 days of raw events');
    const count = async (model: string) =>
      (await s.vigil.app.inject({ url: `/api/v1/events?model=${model}&limit=100`, headers: s.auth })).json().events
        .length;
    assert.equal(await count(short), 2);
    assert.equal(await count(other), 3);
    const calls = async (model: string) => {
      const r = await s.vigil.app.inject({
        url: `/api/v1/metrics/timeseries?model=${model}&metric=calls&from=${Date.UTC(2026, 8, 1)}&to=${now}&step=1d`,
        headers: s.auth,
      });
      return r.json().series[0]?.points.reduce((a: number, p: [number, number]) => a + p[1], 0) ?? 0;
    };
    assert.equal(await calls(short), 6, 'the rollups still count what the raw events no longer hold');
    now += 15 * DAY;
    removed = await applyRetention(s.vigil.store, now, 30);
    assert.ok(removed.policyCells > 0);
    assert.equal(await calls(short), 2, 'rollups older than 20 days are gone for the use case’s model');
    assert.equal(await calls(other), 3, 'another model’s rollups are kept');
  } finally {
    await s.close();
  }
});
