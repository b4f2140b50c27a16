import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PagerDutyChannel, toDedupKey } from './index.js';
import { FAST_RETRY, makeSampleNotification, startLoopbackReceiver } from './channel-test-support.js';

type Obj = Record<string, any>;
const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';
const accepted = (req: { json: unknown }) => ({
  status: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (req.json as Obj).dedup_key }),
});

// Events API v2 rules: required fields, enums and lengths from PagerDuty's "Send an Alert Event" reference.
function assertEvent(e: Obj, action: 'trigger' | 'acknowledge' | 'resolve'): void {
  assert.equal(e.routing_key, ROUTING_KEY);
  assert.equal(e.event_action, action);
  assert.equal(typeof e.dedup_key, 'string');
  assert.ok(e.dedup_key.length >= 1 && e.dedup_key.length <= 255);
  if (action !== 'trigger') {
    assert.deepEqual(Object.keys(e).sort(), ['dedup_key', 'event_action', 'routing_key']);
    return;
  }
  const p = e.payload;
  assert.ok(typeof p.summary === 'string' && p.summary.length >= 1 && p.summary.length <= 1024);
  assert.ok(typeof p.source === 'string' && p.source.length >= 1);
  assert.ok(['critical', 'error', 'warning', 'info'].includes(p.severity));
  assert.ok(!Number.isNaN(Date.parse(p.timestamp)) && /Z$/.test(p.timestamp));
  for (const l of e.links ?? []) assert.match(l.href, /^https?:\/\//);
  assert.equal(typeof p.custom_details, 'object');
}

test('trigger, acknowledge and resolve share one stable dedup_key', async () => {
  const rx = await startLoopbackReceiver(accepted);
  try {
    const channel = new PagerDutyChannel({
      routingKey: ROUTING_KEY,
      eventsUrl: `${rx.url}/v2/enqueue`,
      retry: FAST_RETRY,
    });
    const firing = makeSampleNotification();
    const r1 = await channel.send(firing, AbortSignal.timeout(5_000));
    await channel.send({ ...firing, id: 'ack', kind: 'acknowledged' }, AbortSignal.timeout(5_000));
    await channel.send(makeSampleNotification({ resolved: true }), AbortSignal.timeout(5_000));
    assert.equal(r1.ok, true);
    assert.equal(r1.statusCode, 202);
    assert.match(r1.responseBody ?? '', /"status":"success"/);
    assert.ok(rx.requests.every((r) => r.path === '/v2/enqueue'));
    const [trigger, ack, resolve] = rx.requests.map((r) => r.json as Obj);
    assertEvent(trigger, 'trigger');
    assertEvent(ack, 'acknowledge');
    assertEvent(resolve, 'resolve');
    assert.equal(trigger.dedup_key, firing.groupKey);
    assert.equal(ack.dedup_key, trigger.dedup_key);
    assert.equal(resolve.dedup_key, trigger.dedup_key);
    assert.equal(trigger.payload.severity, 'critical');
    assert.equal(trigger.payload.source, 'fraud-v3');
    assert.equal(trigger.payload.group, 'API Performance');
    assert.equal(trigger.payload.component, '/score');
    assert.deepEqual(
      trigger.links.map((l: Obj) => l.text),
      ['Vigil incident', 'Runbook'],
    );
  } finally {
    await rx.close();
  }
});

test('long group keys hash to a stable ≤ 255-character dedup_key; long summaries are cut to 1,024', async () => {
  const long = `{}:{model="${'m'.repeat(400)}"}`;
  assert.equal(toDedupKey(long), toDedupKey(long));
  assert.equal(toDedupKey(long).length, 'vigil-sha256:'.length + 64);
  const rx = await startLoopbackReceiver(accepted);
  try {
    const n = makeSampleNotification();
    await new PagerDutyChannel({ routingKey: ROUTING_KEY, eventsUrl: rx.url, retry: FAST_RETRY }).send(
      { ...n, groupKey: long, title: 't'.repeat(5_000) },
      AbortSignal.timeout(5_000),
    );
    const e = rx.requests[0].json as Obj;
    assertEvent(e, 'trigger');
    assert.equal(e.payload.summary.length, 1024);
  } finally {
    await rx.close();
  }
});

test('400 is not retried; 429 and 500 are', async () => {
  const bad = await startLoopbackReceiver(() => ({
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect"]}',
  }));
  try {
    const result = await new PagerDutyChannel({ routingKey: ROUTING_KEY, eventsUrl: bad.url, retry: FAST_RETRY }).send(
      makeSampleNotification(),
      AbortSignal.timeout(5_000),
    );
    assert.deepEqual([result.ok, result.attempts, result.statusCode], [false, 1, 400]);
    assert.match(result.error ?? '', /^HTTP 400: .*invalid event/);
    assert.equal(bad.requests.length, 1);
  } finally {
    await bad.close();
  }
  const flaky = await startLoopbackReceiver((req, i) =>
    i === 0 ? { status: 429, headers: { 'retry-after': '0' } } : i === 1 ? { status: 500 } : accepted(req),
  );
  try {
    const result = await new PagerDutyChannel({
      routingKey: ROUTING_KEY,
      eventsUrl: flaky.url,
      retry: FAST_RETRY,
    }).send(makeSampleNotification(), AbortSignal.timeout(5_000));
    assert.deepEqual(
      result.attemptLog.map((a) => a.statusCode),
      [429, 500, 202],
    );
    assert.equal(result.ok, true);
  } finally {
    await flaky.close();
  }
});

test('digests are skipped, not sent', async () => {
  const result = await new PagerDutyChannel({
    routingKey: ROUTING_KEY,
    eventsUrl: 'http://127.0.0.1:9/never',
    retry: FAST_RETRY,
  }).send({ ...makeSampleNotification(), kind: 'digest' }, AbortSignal.timeout(5_000));
  assert.deepEqual([result.ok, result.attempts, result.skipped], [true, 0, 'PagerDuty receives no digests']);
});
