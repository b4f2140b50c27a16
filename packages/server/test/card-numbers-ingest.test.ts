import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { startTestServer } from './helpers/test-server.js';

const CARD = '4111111111111111';
const SPACED = '5555 5555 5555 4444';

test('no full card number reaches the SQLite files: events are masked to the last four digits before commit', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-pci-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const s = await startTestServer({ dataDir });
  const res = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: {
      events: [
        {
          model: 'checkout',
          requestId: 'order-1',
          features: { note: `paid with ${SPACED}`, pan: Number(CARD), orderId: '4111111111111112' },
          prediction: 'approve',
          tags: { card: CARD },
        },
        { model: 'checkout', requestId: CARD, errorType: `declined ${CARD}` },
      ],
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().requestIds, ['order-1', '************1111'], 'the caller learns the ids as stored');
  const events = (await s.vigil.app.inject({ url: '/api/v1/events?model=checkout', headers: s.auth })).json().events;
  const first = events.find((e: any) => e.requestId === 'order-1');
  assert.deepEqual(first.event.features, {
    note: 'paid with **** **** **** 4444',
    pan: '************1111',
    orderId: '4111111111111112',
  });
  assert.deepEqual(first.event.tags, { card: '************1111' });
  assert.equal(
    events.find((e: any) => e.requestId === '************1111').event.errorType,
    'declined ************1111',
  );
  await s.vigil.pipeline.flush();
  await s.close();
  // The database file and its WAL byte for byte, and the stored event blocks decompressed: neither card
  // appears, the non-card order id does.
  const db = new Database(join(dataDir, 'vigil.db'), { readonly: true });
  const blocks = (db.prepare('SELECT events FROM event_blocks').pluck().all() as Buffer[]).map((b) =>
    brotliDecompressSync(b).toString('latin1'),
  );
  db.close();
  const bytes =
    readdirSync(dataDir)
      .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
      .join('') + blocks.join('');
  assert.ok(!bytes.includes(CARD), 'no Visa number stored');
  assert.ok(!bytes.includes(SPACED) && !bytes.includes(SPACED.replaceAll(' ', '')), 'no Mastercard number stored');
  assert.ok(bytes.includes('4111111111111112'), 'a number that fails Luhn is kept as sent');
});

test('a card number whose digits are JSON-escaped is masked too (the batch pre-check does not skip it)', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  const escaped = CARD.replace(/^4/, '\\u0034');
  const res = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { ...s.auth, 'content-type': 'application/json' },
    payload: `{"events": [{"model": "esc", "features": {"pan": "${escaped}"}}]}`,
  });
  assert.equal(res.statusCode, 200, res.body);
  const [e] = (await s.vigil.app.inject({ url: '/api/v1/events?model=esc', headers: s.auth })).json().events;
  assert.equal(e.event.features.pan, '************1111');
});

test('--redact-card-numbers false keeps events as sent', async (t) => {
  const s = await startTestServer({ env: { VIGIL_REDACT_CARD_NUMBERS: 'false' } });
  t.after(() => s.close());
  const res = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: s.auth,
    payload: { events: [{ model: 'ids', requestId: CARD, features: { id: CARD } }] },
  });
  assert.deepEqual(res.json().requestIds, [CARD]);
  const [e] = (await s.vigil.app.inject({ url: '/api/v1/events?model=ids', headers: s.auth })).json().events;
  assert.equal(e.event.features.id, CARD);
});
