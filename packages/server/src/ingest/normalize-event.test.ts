import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEvent, normalizeLabel } from './normalize-event.js';

const NOW = Date.UTC(2026, 10, 27, 12);

function reject(input: unknown): string {
  const r = normalizeEvent(input, NOW);
  assert.equal(r.ok, false, `expected rejection of ${JSON.stringify(input)}`);
  return (r as { message: string }).message;
}

test('fills timestamp and status, leaves the requestId to the store; keeps what was sent', () => {
  const r = normalizeEvent({ model: 'drink-recommender', latencyMs: 12.5, features: { hour: 8, store: 's1' } }, NOW);
  assert.ok(r.ok);
  const { record, facts } = r.value;
  assert.equal(record.requestId, null, 'none sent: the store assigns one as it writes the event');
  assert.equal(record.timestampMs, NOW);
  assert.equal(record.status, 'ok');
  const body = record.event;
  assert.deepEqual(
    body,
    { model: 'drink-recommender', latencyMs: 12.5, features: { hour: 8, store: 's1' } },
    'the body is the event as sent',
  );
  assert.equal(facts.endpoint, '');
  assert.equal(facts.latencyMs, 12.5);
});

test('accepts ISO-8601 and epoch-ms timestamps', () => {
  const iso = normalizeEvent({ model: 'm', timestamp: '2026-11-27T10:00:00+01:00' }, NOW);
  assert.ok(iso.ok);
  assert.equal(iso.value.record.timestampMs, Date.UTC(2026, 10, 27, 9));
  const ms = normalizeEvent({ model: 'm', timestamp: NOW - 5000 }, NOW);
  assert.ok(ms.ok);
  assert.equal(ms.value.record.timestampMs, NOW - 5000);
});

test('an errorType implies status error; errorType with status ok is refused', () => {
  const r = normalizeEvent({ model: 'm', errorType: 'Timeout' }, NOW);
  assert.ok(r.ok);
  assert.equal(r.value.record.status, 'error');
  assert.match(reject({ model: 'm', status: 'ok', errorType: 'Timeout' }), /^errorType: .*status/);
});

test('LLM details feed tokens and time to first token', () => {
  const r = normalizeEvent(
    {
      model: 'bot',
      modelType: 'llm',
      llm: { inputTokens: 100, outputTokens: 20, ttftMs: 300, finishReason: 'stop' },
      costUsd: 0.002,
    },
    NOW,
  );
  assert.ok(r.ok);
  assert.equal(r.value.facts.inputTokens, 100);
  assert.equal(r.value.facts.outputTokens, 20);
  assert.equal(r.value.facts.ttftMs, 300);
});

test('each rejection names the field and the problem', () => {
  assert.match(reject({}), /^model: is required/);
  assert.match(reject('x'), /^\(item\): must be a JSON object/);
  assert.match(reject({ model: 'Drink Recommender' }), /^model: .*lower-case/);
  assert.match(reject({ model: 'm', latencyMs: 'slow' }), /^latencyMs: expected number, got "slow"/);
  assert.match(reject({ model: 'm', latencyMs: -1 }), /^latencyMs: .*greater or equal to 0/i);
  assert.match(reject({ model: 'm', colour: 'red' }), /^colour: is not a known field/);
  assert.match(reject({ model: 'm', features: { a: [1, 2] } }), /^features\.a: /);
  assert.match(reject({ model: 'm', status: 'fine' }), /^status: /);
  assert.match(reject({ model: 'm', timestamp: 'yesterday' }), /^timestamp: /);
  assert.match(reject({ model: 'm', timestamp: 1764200000 }), /looks like seconds/);
  assert.match(reject({ model: 'm', timestamp: NOW + 3 * 86_400_000 }), /future/);
  assert.match(reject({ model: 'm', llm: { inputTokens: 1.5 } }), /^llm\.inputTokens: /);
  assert.match(reject({ model: 'm', modelType: 'tabular' }), /^modelType: /);
});

test('labels need model and requestId', () => {
  assert.ok(normalizeLabel({ model: 'm', requestId: 'r1', label: 'latte' }, NOW).ok);
  const r = normalizeLabel({ model: 'm', label: 1 }, NOW);
  assert.equal(r.ok, false);
  assert.match((r as { message: string }).message, /^requestId: is required/);
});
