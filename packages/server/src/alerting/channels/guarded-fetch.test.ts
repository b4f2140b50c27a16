// The target check repeated at connection time: a name resolving to loopback (as a DNS-rebound name would) and an
// IP literal are refused before any request reaches the server, once (no retry); allowed loopback passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChannel } from '../service/delivery-dispatcher.js';
import { FAST_RETRY, makeSampleNotification, startLoopbackReceiver } from './channel-test-support.js';
import { createGuardedFetch } from './guarded-fetch.js';

test('a name that resolves to loopback and a loopback literal are refused when connecting; nothing is sent', async (t) => {
  const rx = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => rx.close());
  const port = new URL(rx.url).port;
  const guarded = createGuardedFetch({ allowLoopback: false });
  for (const url of [`http://localhost:${port}/hook`, `http://127.0.0.1:${port}/hook`]) {
    const err = await guarded(url, { method: 'POST', body: '{}' }).then(
      () => null,
      (e: unknown) => e as { cause?: { code?: string; message?: string } },
    );
    assert.equal(err?.cause?.code, 'VIGIL_TARGET_REFUSED', url);
    assert.match(err!.cause!.message!, /target refused at delivery: .*127\.0\.0\.1 is a loopback address/);
  }
  assert.equal(rx.requests.length, 0, 'no request reached the server');

  const allowed = await createGuardedFetch({ allowLoopback: true })(`http://localhost:${port}/hook`, {
    method: 'POST',
    body: '{}',
  });
  assert.equal(allowed.status, 200);
  assert.equal(rx.requests.length, 1);
});

test('a webhook channel built with the guarded fetch fails a refused target at once, naming why, without retrying', async (t) => {
  const rx = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  t.after(() => rx.close());
  const channel = createChannel(
    {
      id: 'hook',
      name: 'hook',
      kind: 'webhook',
      settings: { url: `http://localhost:${new URL(rx.url).port}/alerts`, retry: FAST_RETRY },
    } as never,
    { inbox: null, now: Date.now, fetch: createGuardedFetch({ allowLoopback: false }) },
  );
  const result = await channel.send(makeSampleNotification(), AbortSignal.timeout(10_000));
  assert.equal(result.ok, false);
  assert.equal(result.attempts, 1, 'a refused target is not retried');
  assert.match(result.error!, /^target refused at delivery: localhost: 127\.0\.0\.1 is a loopback address/);
  assert.equal(rx.requests.length, 0);
});
