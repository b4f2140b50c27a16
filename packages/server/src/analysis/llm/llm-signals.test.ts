import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '@vigil/protocol';
import { LlmSignals, summariseLlmSignals } from './llm-signals.js';

function call(i: number): Event {
  const refused = i % 20 === 0; // 5 %
  const empty = i % 25 === 1; // 4 %
  return {
    model: 'chat',
    costUsd: 0.001 * (1 + (i % 10)),
    llm: {
      inputTokens: 100 + i,
      outputTokens: refused || empty ? 0 : 50,
      ttftMs: 200 + (i % 100) * 10,
      finishReason: refused ? 'CONTENT_FILTER' : i % 4 === 0 ? 'length' : 'stop',
      responseLength: refused || empty ? 0 : 240,
    },
  };
}

test('refusal and empty-answer rates, finish mix and quantiles, through merge and JSON', () => {
  const a = new LlmSignals();
  const b = new LlmSignals();
  for (let i = 0; i < 1000; i++) (i % 2 ? a : b).add(call(i));
  a.add({ model: 'chat', latencyMs: 3 }); // no llm block: ignored
  const s = LlmSignals.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  s.merge(b);
  const summary = summariseLlmSignals(s);
  assert.equal(summary.calls, 1000);
  assert.equal(summary.refusalRate, 0.05);
  // Empty: refused (50) plus i % 25 === 1 (40) calls, none overlapping.
  assert.equal(summary.emptyAnswerRate, 0.09);
  assert.deepEqual(summary.finishReasons, { stop: 0.75, length: 0.2, content_filter: 0.05 });
  const ttft = summary.distributions.ttftMs!;
  assert.equal(ttft.count, 1000);
  assert.ok(Math.abs(ttft.p50 - 690) <= 6.9, `ttft p50 ${ttft.p50}`);
  assert.ok(Math.abs(ttft.p99 - 1180) <= 11.8, `ttft p99 ${ttft.p99}`);
  assert.equal(ttft.max, 1190);
  const input = summary.distributions.inputTokens!;
  assert.ok(Math.abs(input.mean - 599.5) < 1e-9);
  assert.equal(summary.distributions.totalTokens!.count, 1000);
  assert.ok(Math.abs(summary.distributions.costUsd!.mean - 0.0055) < 1e-12);
});

test('documented example and empty accumulator', () => {
  const s = new LlmSignals();
  assert.deepEqual(summariseLlmSignals(s), {
    calls: 0,
    refusalRate: null,
    emptyAnswerRate: null,
    finishReasons: {},
    distributions: {},
  });
  s.add({
    model: 'chat',
    costUsd: 0.002,
    llm: { inputTokens: 900, outputTokens: 0, finishReason: 'content_filter', responseLength: 0 },
  });
  const summary = summariseLlmSignals(s);
  assert.equal(summary.refusalRate, 1);
  assert.equal(summary.emptyAnswerRate, 1);
});
