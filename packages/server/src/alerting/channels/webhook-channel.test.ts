import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebhookChannel } from './index.js';
import {
  FAST_RETRY,
  findClosedPortUrl,
  makeSampleNotification,
  startLoopbackReceiver,
} from './channel-test-support.js';

type Obj = Record<string, any>;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isStringMap = (o: unknown) =>
  typeof o === 'object' && o !== null && Object.values(o).every((v) => typeof v === 'string');

// Alertmanager webhook_config payload, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config).
function assertAlertmanagerV4(b: Obj): void {
  assert.deepEqual(Object.keys(b).sort(), [
    'alerts',
    'commonAnnotations',
    'commonLabels',
    'externalURL',
    'groupKey',
    'groupLabels',
    'receiver',
    'status',
    'truncatedAlerts',
    'version',
  ]);
  assert.equal(b.version, '4');
  assert.equal(typeof b.groupKey, 'string');
  assert.ok(Number.isInteger(b.truncatedAlerts) && b.truncatedAlerts >= 0);
  assert.ok(['firing', 'resolved'].includes(b.status));
  assert.equal(typeof b.receiver, 'string');
  for (const k of ['groupLabels', 'commonLabels', 'commonAnnotations']) assert.ok(isStringMap(b[k]), k);
  assert.equal(typeof b.externalURL, 'string');
  for (const a of b.alerts as Obj[]) {
    assert.deepEqual(Object.keys(a).sort(), [
      'annotations',
      'endsAt',
      'fingerprint',
      'generatorURL',
      'labels',
      'startsAt',
      'status',
    ]);
    assert.ok(['firing', 'resolved'].includes(a.status));
    assert.ok(isStringMap(a.labels) && isStringMap(a.annotations));
    assert.match(a.startsAt, RFC3339);
    assert.match(a.endsAt, RFC3339);
    assert.match(a.fingerprint, /^[0-9a-f]{16}$/);
    assert.equal(typeof a.generatorURL, 'string');
  }
}

test('firing group in Alertmanager v4 format, with headers and max_alerts truncation', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 200 }));
  try {
    const n = makeSampleNotification({ alerts: 3 });
    const result = await new WebhookChannel({
      url: `${rx.url}/hook`,
      headers: { authorization: 'Bearer s3cret' },
      maxAlerts: 2,
      retry: FAST_RETRY,
    }).send(n, AbortSignal.timeout(5_000));
    assert.equal(result.ok, true);
    const req = rx.requests[0];
    assert.equal(req.headers.authorization, 'Bearer s3cret');
    const b = req.json as Obj;
    assertAlertmanagerV4(b);
    assert.equal(b.status, 'firing');
    assert.equal(b.truncatedAlerts, 1);
    assert.equal(b.alerts.length, 2);
    assert.equal(b.groupKey, '{}:{area="API Performance", model="fraud-v3"}');
    assert.deepEqual(b.groupLabels, { area: 'API Performance', model: 'fraud-v3' });
    assert.equal(b.externalURL, 'https://vigil.example');
    assert.equal(b.alerts[0].endsAt, '0001-01-01T00:00:00Z');
    assert.equal(b.alerts[0].startsAt, '2025-01-14T09:00:00.000Z');
    assert.equal(b.alerts[0].generatorURL, 'https://vigil.example/alerts/rules/rule-0');
  } finally {
    await rx.close();
  }
});

test('resolved group carries endsAt', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 204 }));
  try {
    await new WebhookChannel({ url: rx.url, retry: FAST_RETRY }).send(
      makeSampleNotification({ resolved: true }),
      AbortSignal.timeout(5_000),
    );
    const b = rx.requests[0].json as Obj;
    assertAlertmanagerV4(b);
    assert.equal(b.status, 'resolved');
    assert.ok(b.alerts.every((a: Obj) => a.status === 'resolved' && a.endsAt === '2025-01-14T10:00:00.000Z'));
  } finally {
    await rx.close();
  }
});

test('an unreachable receiver is recorded as failed after every attempt; abort stops early', async () => {
  const url = await findClosedPortUrl();
  const result = await new WebhookChannel({ url, retry: FAST_RETRY }).send(
    makeSampleNotification(),
    AbortSignal.timeout(5_000),
  );
  assert.deepEqual([result.ok, result.attempts, result.statusCode], [false, 3, null]);
  assert.ok(result.attemptLog.every((a) => /ECONNREFUSED/.test(a.error ?? '')));
  const controller = new AbortController();
  controller.abort(new Error('shutting down'));
  const aborted = await new WebhookChannel({ url, retry: FAST_RETRY }).send(
    makeSampleNotification(),
    controller.signal,
  );
  assert.deepEqual([aborted.ok, aborted.attempts, aborted.error], [false, 0, 'aborted: shutting down']);
});
