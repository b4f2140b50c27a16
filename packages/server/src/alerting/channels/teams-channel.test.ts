import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TeamsChannel } from './index.js';
import { FAST_RETRY, makeSampleNotification, startLoopbackReceiver } from './channel-test-support.js';

type Obj = Record<string, any>;
const ELEMENT_TYPES = new Set(['TextBlock', 'FactSet', 'Container']);

// The Workflows webhook envelope and Adaptive Card schema essentials (adaptivecards.io, card version ≥ 1.4).
function assertTeamsMessage(body: Obj): Obj {
  assert.equal(body.type, 'message');
  assert.ok(Array.isArray(body.attachments) && body.attachments.length === 1);
  const [att] = body.attachments;
  assert.equal(att.contentType, 'application/vnd.microsoft.card.adaptive');
  const card = att.content;
  assert.equal(card.type, 'AdaptiveCard');
  assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
  assert.ok(Number(card.version) >= 1.4, `version ${card.version}`);
  assert.ok(Array.isArray(card.body) && card.body.length > 0);
  const walk = (els: Obj[]) => {
    for (const e of els) {
      assert.ok(ELEMENT_TYPES.has(e.type), `element ${e.type}`);
      if (e.type === 'TextBlock') assert.equal(typeof e.text, 'string');
      if (e.type === 'FactSet')
        for (const f of e.facts) assert.ok(typeof f.title === 'string' && typeof f.value === 'string');
      if (e.type === 'Container') walk(e.items);
    }
  };
  walk(card.body);
  for (const a of card.actions ?? []) {
    assert.equal(a.type, 'Action.OpenUrl');
    assert.equal(typeof a.title, 'string');
    assert.match(a.url, /^https?:\/\//);
  }
  assert.ok(Buffer.byteLength(JSON.stringify(body)) <= 28 * 1024, 'Teams message size limit');
  return card;
}

test('posts an Adaptive Card message to a Workflows webhook (202 Accepted)', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 202 }));
  try {
    const n = makeSampleNotification();
    const result = await new TeamsChannel({
      webhookUrl: `${rx.url}/workflows/abc/triggers/manual/paths/invoke`,
      retry: FAST_RETRY,
    }).send(n, AbortSignal.timeout(5_000));
    assert.equal(result.ok, true);
    assert.equal(result.statusCode, 202);
    const card = assertTeamsMessage(rx.requests[0].json as Obj);
    assert.equal(card.body[0].text, n.title);
    assert.equal(card.body[0].color, 'Attention');
    assert.deepEqual(
      card.actions.map((a: Obj) => a.title),
      ['Runbook', 'Open incident'],
    );
    assert.ok(card.body[2].facts.some((f: Obj) => f.title === 'Impact' && f.value === '$2,500/h'));
  } finally {
    await rx.close();
  }
});

test('a huge group is cut to fit 28 KB and the rest is counted', async () => {
  const rx = await startLoopbackReceiver(() => ({ status: 202 }));
  try {
    await new TeamsChannel({ webhookUrl: rx.url, retry: FAST_RETRY }).send(
      makeSampleNotification({ alerts: 400, summaryLength: 300 }),
      AbortSignal.timeout(5_000),
    );
    const card = assertTeamsMessage(rx.requests[0].json as Obj);
    assert.ok(card.body.some((e: Obj) => e.type === 'TextBlock' && /^…and \d+ more alerts$/.test(e.text)));
  } finally {
    await rx.close();
  }
});

test('502 then 202 is retried', async () => {
  const rx = await startLoopbackReceiver((_, i) => ({ status: i === 0 ? 502 : 202 }));
  try {
    const result = await new TeamsChannel({ webhookUrl: rx.url, retry: FAST_RETRY }).send(
      makeSampleNotification(),
      AbortSignal.timeout(5_000),
    );
    assert.deepEqual([result.ok, result.attempts], [true, 2]);
  } finally {
    await rx.close();
  }
});
