import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLACK_LIMITS, SlackChannel } from './index.js';
import {
  FAST_RETRY,
  findClosedPortUrl,
  makeSampleNotification,
  startLoopbackReceiver,
} from './channel-test-support.js';

type Obj = Record<string, any>;
const BLOCK_TYPES = new Set(['header', 'section', 'divider', 'context', 'actions']);

// Block Kit rules from Slack's reference: block types, text objects, and per-element limits.
function assertSlackMessage(body: Obj): void {
  assert.equal(typeof body.text, 'string');
  assert.ok(body.text.length > 0 && body.text.length <= SLACK_LIMITS.fallbackText);
  assert.ok(
    Array.isArray(body.blocks) && body.blocks.length >= 1 && body.blocks.length <= 50,
    `blocks: ${body.blocks?.length}`,
  );
  const textObject = (t: Obj, max: number, kinds = ['mrkdwn', 'plain_text']) => {
    assert.ok(kinds.includes(t.type), `text type ${t.type}`);
    assert.equal(typeof t.text, 'string');
    assert.ok(t.text.length >= 1 && t.text.length <= max, `text length ${t.text.length} > ${max}`);
  };
  for (const b of body.blocks as Obj[]) {
    assert.ok(BLOCK_TYPES.has(b.type), `block type ${b.type}`);
    if (b.type === 'header') textObject(b.text, 150, ['plain_text']);
    if (b.type === 'section') {
      assert.ok(b.text || b.fields, 'a section needs text or fields');
      if (b.text) textObject(b.text, 3_000);
      if (b.fields) {
        assert.ok(b.fields.length <= 10);
        for (const f of b.fields) textObject(f, 2_000);
      }
    }
    if (b.type === 'context') {
      assert.ok(b.elements.length >= 1 && b.elements.length <= 10);
      for (const e of b.elements) textObject(e, 3_000);
    }
    if (b.type === 'actions') {
      assert.ok(b.elements.length >= 1 && b.elements.length <= 25);
      for (const e of b.elements) {
        assert.equal(e.type, 'button');
        textObject(e.text, 75, ['plain_text']);
        assert.match(e.url, /^https?:\/\//);
        assert.ok(e.url.length <= 3_000);
      }
    }
  }
}

test('posts a Block Kit message within Slack limits', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  try {
    const n = makeSampleNotification();
    const result = await new SlackChannel({ webhookUrl: `${rx.url}/services/T0/B0/x`, retry: FAST_RETRY }).send(
      n,
      AbortSignal.timeout(5_000),
    );
    assert.equal(result.ok, true);
    assert.equal(result.attempts, 1);
    assert.equal(result.statusCode, 200);
    assert.equal(result.channel, 'slack');
    assert.equal(result.notificationId, n.id);
    const [req] = rx.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/services/T0/B0/x');
    assert.match(String(req.headers['content-type']), /^application\/json/);
    const body = req.json as Obj;
    assertSlackMessage(body);
    assert.equal(body.blocks[0].text.text, n.title);
    const all = JSON.stringify(body);
    assert.ok(all.includes('&lt;0&gt; &amp; rising'), 'mrkdwn is escaped');
    assert.ok(all.includes('<@U123>'), 'on-call mention kept');
    assert.ok(all.includes('https://runbooks.example/p95'));
  } finally {
    await rx.close();
  }
});

test('300 alerts with 5,000-character summaries still fit: ≤ 50 blocks, ≤ 3,000 chars per section, rest counted', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
  try {
    const n = makeSampleNotification({ alerts: 300, summaryLength: 5_000 });
    const result = await new SlackChannel({ webhookUrl: rx.url, retry: FAST_RETRY }).send(
      n,
      AbortSignal.timeout(5_000),
    );
    assert.equal(result.ok, true);
    const body = rx.requests[0].json as Obj;
    assertSlackMessage(body);
    assert.equal(body.blocks.length, 50);
    const more = body.blocks.find((b: Obj) => b.type === 'context' && /more alerts/.test(b.elements[0].text));
    assert.match(more.elements[0].text, /^…and \d+ more alerts$/);
    for (const b of body.blocks as Obj[])
      if (b.text?.type === 'mrkdwn') assert.doesNotMatch(b.text.text, /&[a-z]{0,3}…$/);
  } finally {
    await rx.close();
  }
});

test('500 then 200: retried, both attempts recorded', async () => {
  const rx = await startLoopbackReceiver((_, i) =>
    i === 0 ? { status: 500, body: 'internal' } : { status: 200, body: 'ok' },
  );
  try {
    const result = await new SlackChannel({ webhookUrl: rx.url, retry: FAST_RETRY }).send(
      makeSampleNotification(),
      AbortSignal.timeout(5_000),
    );
    assert.equal(result.ok, true);
    assert.equal(result.attempts, 2);
    assert.deepEqual(
      result.attemptLog.map((a) => a.statusCode),
      [500, 200],
    );
    assert.equal(result.attemptLog[0].error, 'HTTP 500: internal');
    assert.equal(result.attemptLog[0].waitMs, 3); // base 5 ms × (0.5 + 0/2), rounded
  } finally {
    await rx.close();
  }
});

test('429 with Retry-After: 1 waits a full second before retrying', async () => {
  const rx = await startLoopbackReceiver((_, i) =>
    i === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' } : { status: 200, body: 'ok' },
  );
  try {
    const result = await new SlackChannel({ webhookUrl: rx.url, retry: FAST_RETRY }).send(
      makeSampleNotification(),
      AbortSignal.timeout(5_000),
    );
    assert.equal(result.ok, true);
    assert.equal(result.attemptLog[0].waitMs, 1_000);
    assert.ok(rx.requests[1].receivedAt - rx.requests[0].receivedAt >= 990);
  } finally {
    await rx.close();
  }
});

test('404 (no_service) is permanent; an unreachable host is a recorded failure', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 404, body: 'no_service' }));
  try {
    const gone = await new SlackChannel({ webhookUrl: rx.url, retry: FAST_RETRY }).send(
      makeSampleNotification(),
      AbortSignal.timeout(5_000),
    );
    assert.equal(gone.ok, false);
    assert.equal(gone.attempts, 1);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.error, 'HTTP 404: no_service');
  } finally {
    await rx.close();
  }
  const down = await new SlackChannel({ webhookUrl: await findClosedPortUrl(), retry: FAST_RETRY }).send(
    makeSampleNotification(),
    AbortSignal.timeout(5_000),
  );
  assert.equal(down.ok, false);
  assert.equal(down.attempts, 3);
  assert.equal(down.statusCode, null);
  assert.match(down.error ?? '', /ECONNREFUSED/);
});
