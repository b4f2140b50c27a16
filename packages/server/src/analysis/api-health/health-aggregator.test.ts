import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HealthAggregator,
  MINUTE_MS,
  HOUR_MS,
  DAY_MS,
  OTHER_SEGMENT_VALUE,
  SEGMENT_KEYS_PER_MODEL,
  SEGMENT_VALUES_PER_KEY,
  type CallFacts,
} from './index.js';

const T0 = Date.UTC(2026, 10, 27, 23, 58);
const facts = (t: number, latencyMs: number, isError = false): CallFacts => ({
  model: 'm',
  endpoint: 'e',
  timestampMs: t,
  isError,
  errorType: isError ? 'X' : null,
  latencyMs,
  costUsd: 0.5,
  inputTokens: 1,
  outputTokens: 2,
  ttftMs: null,
});

test('drain hands over minute cells and the hour and day cells they add up to', () => {
  const agg = new HealthAggregator();
  // Four minutes straddling midnight: two days, two hours.
  for (let m = 0; m < 4; m++)
    for (let k = 0; k < 10; k++)
      agg.add(facts(T0 + m * MINUTE_MS + k, m * 10 + k, k === 0), { modelType: 'llm', modelVersion: 'v1' });
  assert.equal(agg.size, 40);
  const { cells, sightings } = agg.drain();
  const by = (level: number) => cells.filter((c) => c.level === level);
  assert.equal(by(MINUTE_MS).length, 4);
  assert.deepEqual(
    by(HOUR_MS).map((c) => [c.bucketStart, c.cell.calls]),
    [
      [Date.UTC(2026, 10, 27, 23), 20],
      [Date.UTC(2026, 10, 28, 0), 20],
    ],
  );
  assert.deepEqual(
    by(DAY_MS).map((c) => [c.bucketStart, c.cell.calls, c.cell.errors]),
    [
      [Date.UTC(2026, 10, 27), 20, 2],
      [Date.UTC(2026, 10, 28), 20, 2],
    ],
  );
  const day1 = by(DAY_MS)[0]!.cell;
  assert.equal(day1.latency.min, 0);
  assert.equal(day1.latency.max, 19);
  assert.equal(day1.costUsd, 10);
  assert.equal(day1.outputTokens, 40);
  assert.deepEqual(
    sightings.map((s) => [s.model, s.modelType, s.modelVersion, s.firstSeen, s.lastSeen]),
    [['m', 'llm', 'v1', T0, T0 + 3 * MINUTE_MS + 9]],
  );
  assert.equal(agg.size, 0);
  assert.equal(agg.drain().cells.length, 0);
});

test('restore puts a failed flush back so the next drain carries it', () => {
  const agg = new HealthAggregator();
  agg.add(facts(T0, 5), { modelType: null, modelVersion: null });
  const first = agg.drain();
  agg.add(facts(T0 + 1, 7), { modelType: null, modelVersion: null });
  agg.restore(first);
  const second = agg.drain();
  const minute = second.cells.find((c) => c.level === MINUTE_MS)!;
  assert.equal(minute.cell.calls, 2);
  assert.equal(
    second.cells.find((c) => c.level === DAY_MS)!.cell.calls,
    2,
    'coarser levels are re-derived, not double counted',
  );
});

test('each tag value gets segment cells of its own; values past the cap share key=(other); seeded values keep their series', () => {
  const agg = new HealthAggregator();
  agg.seedSegments([{ model: 'm', segment: 'customer=c-seeded' }]);
  for (let i = 0; i < SEGMENT_VALUES_PER_KEY + 5; i++)
    agg.addSegments(facts(T0, 10, i % 2 === 0), { customer: `c${i}`, region: 'eu' });
  agg.addSegments(facts(T0, 10), { customer: 'c-seeded' });
  assert.equal(agg.size, SEGMENT_VALUES_PER_KEY + 6, 'size counts calls, not segment cells');
  const minutes = agg.drain().cells.filter((c) => c.level === MINUTE_MS);
  const calls = (segment: string) => minutes.find((c) => (c.segment ?? '') === segment)?.cell.calls;
  assert.equal(calls(''), undefined, 'segment cells only');
  assert.equal(calls('region=eu'), SEGMENT_VALUES_PER_KEY + 5);
  assert.equal(calls('customer=c-seeded'), 1);
  assert.equal(calls('customer=c0'), 1);
  // The seeded value took one of the 100 places: c0…c98 have their own series, the other six share one.
  assert.equal(calls(`customer=c${SEGMENT_VALUES_PER_KEY - 2}`), 1);
  assert.equal(calls(`customer=c${SEGMENT_VALUES_PER_KEY - 1}`), undefined);
  assert.equal(calls(`customer=${OTHER_SEGMENT_VALUE}`), 6);
});

test('tag keys past the per-model cap are not segmented', () => {
  const agg = new HealthAggregator();
  const tags: Record<string, string> = {};
  for (let k = 0; k < SEGMENT_KEYS_PER_MODEL + 3; k++) tags[`k${k}`] = 'v';
  agg.addSegments(facts(T0, 10), tags);
  const segments = agg
    .drain()
    .cells.filter((c) => c.level === MINUTE_MS && c.segment)
    .map((c) => c.segment);
  assert.equal(segments.length, SEGMENT_KEYS_PER_MODEL);
  assert.ok(!segments.includes(`k${SEGMENT_KEYS_PER_MODEL}=v`));
});

test("calls after a drain land in new cells and sightings, whether or not they share the previous call's", () => {
  const agg = new HealthAggregator();
  const meta = { modelType: 'llm', modelVersion: 'v1' };
  agg.add(facts(T0, 1), meta);
  agg.add(facts(T0 + 1, 2), meta);
  const first = agg.drain();
  agg.add(facts(T0 + 2, 3), meta);
  agg.add({ ...facts(T0 + 3, 4), endpoint: 'other' }, meta);
  agg.add(facts(T0 + 4, 5), meta);
  const second = agg.drain();
  const minutes = (d: typeof first) =>
    d.cells.filter((c) => c.level === MINUTE_MS).map((c) => [c.endpoint, c.cell.calls]);
  assert.deepEqual(minutes(first), [['e', 2]]);
  assert.deepEqual(minutes(second), [
    ['e', 2],
    ['other', 1],
  ]);
  assert.deepEqual(
    second.sightings.map((s) => [s.endpoint, s.firstSeen, s.lastSeen]),
    [
      ['e', T0 + 2, T0 + 4],
      ['other', T0 + 3, T0 + 3],
    ],
  );
});
