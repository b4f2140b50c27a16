import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '@vigil/protocol';
import {
  ProfileBuilder,
  deserialiseProfile,
  mergeProfiles,
  profileToJson,
  serialiseProfile,
  type ModelProfile,
} from './model-profile.js';
import { addEventToProfile, eventOutputColumns } from './event-columns.js';
import { populationVariance } from './moments.js';
import { randomSplit } from './golden-fixture.test-support.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

const HOUR = 3_600_000;

function makeEvents(n: number, random: () => number): Event[] {
  const plans = ['free', 'pro', 'team', 'enterprise'];
  return Array.from({ length: n }, (_, i) => ({
    model: 'churn',
    features: {
      age: Math.floor(18 + random() * 60),
      balance: random() < 0.2 ? null : (random() - 0.3) * 1000,
      plan: plans[Math.floor(random() * plans.length)],
      active: random() < 0.5,
      ...(i % 10 === 0 ? {} : { tenure: Math.floor(random() * 100) }),
    },
    prediction: { label: random() < 0.5 ? 'stay' : 'churn', probabilities: { stay: 0.7, churn: 0.3 } },
  }));
}

function profileOf(events: readonly Event[], start: number): ModelProfile {
  const b = new ProfileBuilder('churn', { start, end: start + HOUR });
  for (const e of events) addEventToProfile(b, e);
  return b.profile;
}

/** The profile JSON with floating-point moments rounded, so exact parts compare exactly. */
function comparable(p: ModelProfile): unknown {
  const json = profileToJson(p);
  for (const group of [json.features, json.outputs]) {
    for (const c of Object.values(group)) {
      if (c.m) c.m = [c.m[0], round(c.m[1]), round(c.m[2]), c.m[3], c.m[4]];
      if (c.q) c.q.s = round(c.q.s);
    }
  }
  return json;
}

function round(x: number): number {
  return Math.abs(x) < 1e-9 ? 0 : Number(x.toPrecision(10));
}

test('merging random splits in any grouping equals the single-pass profile (associative, commutative)', () => {
  const random = seededRandom(21);
  const events = makeEvents(3000, random);
  const whole = profileOf(events, 0);
  for (let trial = 0; trial < 5; trial++) {
    const [a, b, c] = randomSplit(events, 3, random).map((part, i) => profileOf(part, i * HOUR));
    const left = mergeProfiles(mergeProfiles(a, b), c);
    const right = mergeProfiles(a, mergeProfiles(b, c));
    const swapped = mergeProfiles(c, mergeProfiles(b, a));
    whole.window = left.window;
    for (const m of [left, right, swapped]) assert.deepEqual(comparable(m), comparable(whole));
    assert.deepEqual(left.window, { start: 0, end: 3 * HOUR });
  }
});

test('counts missing, nulls and types per column', () => {
  const b = new ProfileBuilder('m', { start: 0, end: HOUR });
  b.add({ x: 1, y: 'a' });
  b.add({ x: null, y: 'b' });
  b.add({ x: 'oops', y: true });
  b.add({ x: 4 });
  const p = b.profile;
  const x = p.features.get('x')!;
  const y = p.features.get('y')!;
  assert.equal(p.rows, 4);
  assert.deepEqual(x.types, { number: 2, string: 1, boolean: 0, null: 1 });
  assert.equal(p.missing(x), 1);
  assert.equal(p.missing(y), 1);
  assert.equal(x.dominantType(), 'number');
  assert.equal(x.moments!.mean, 2.5);
  assert.equal(populationVariance(x.moments!), 2.25);
  assert.deepEqual(y.frequencies!.top(), [
    { value: 'a', count: 1 },
    { value: 'b', count: 1 },
    { value: 'true', count: 1 },
  ]);
  assert.equal(Math.round(y.distinct.estimate()), 3);
});

test('serialise → deserialise is lossless and re-serialises to identical bytes', () => {
  const p = profileOf(makeEvents(2000, seededRandom(8)), 0);
  const bytes = serialiseProfile(p);
  const back = deserialiseProfile(bytes);
  assert.deepEqual(profileToJson(back), profileToJson(p));
  assert.deepEqual(serialiseProfile(back), bytes);
  assert.ok(bytes.length < 40_000, `${bytes.length} bytes`);
  const merged = mergeProfiles(back, p);
  assert.equal(merged.rows, 4000);
  assert.equal(merged.features.get('age')!.sketch!.count, 4000);
});

test('refuses to merge different models or options', () => {
  const a = new ProfileBuilder('a', { start: 0, end: HOUR }).profile;
  const b = new ProfileBuilder('b', { start: 0, end: HOUR }).profile;
  const c = new ProfileBuilder('a', { start: 0, end: HOUR }, { topK: 8 }).profile;
  assert.throws(() => mergeProfiles(a, b), RangeError);
  assert.throws(() => mergeProfiles(a, c), RangeError);
});

test('eventOutputColumns flattens prediction, LLM and vision fields', () => {
  assert.deepEqual(
    eventOutputColumns({ model: 'm', prediction: { label: 'cat', score: 0.8, probabilities: { cat: 0.9, dog: 0.1 } } }),
    {
      prediction: 'cat',
      'prediction.score': 0.8,
      'prediction.confidence': 0.9,
    },
  );
  assert.deepEqual(eventOutputColumns({ model: 'm', prediction: 12.5, latencyMs: 40 }), {
    prediction: 12.5,
    latencyMs: 40,
  });
  // Custom image properties are allowed by the schema (additionalProperties) but not by the static type.
  const vision = { width: 640, height: 480, camera: 'front' };
  assert.deepEqual(
    eventOutputColumns({
      model: 'm',
      costUsd: 0.002,
      llm: { inputTokens: 120, outputTokens: 0, finishReason: 'stop', responseLength: 0 },
      vision,
    }),
    {
      costUsd: 0.002,
      'llm.inputTokens': 120,
      'llm.outputTokens': 0,
      'llm.finishReason': 'stop',
      'llm.responseLength': 0,
      'vision.width': 640,
      'vision.height': 480,
      'vision.camera': 'front',
    },
  );
});
