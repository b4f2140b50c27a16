import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelWindowAggregator } from '../model-health/model-window.js';
import { profileToJson } from './model-profile.js';
import type { Event } from '@vigil/protocol';

// A backfill profiles a sample of calls, each standing for `weight` calls. Weighted adds must give the same
// window as adding each call that many times: counts, moments, quantiles, frequencies, labels and metrics.
test('adding an event with weight w equals adding it w times (profile, CBPE, classification, regression)', () => {
  const events = [
    {
      features: { basket: 3.5, weather: 'sun', loyal: true },
      prediction: { label: 'latte', probabilities: { latte: 0.7, mocha: 0.3 } },
      w: 5,
      label: 'latte',
    },
    {
      features: { basket: 1.25, weather: 'rain' },
      prediction: { label: 'mocha', probabilities: { latte: 0.4, mocha: 0.6 } },
      w: 3,
      label: 'latte',
    },
    {
      features: { basket: null, weather: 'sun', loyal: false },
      prediction: { label: 'latte', probabilities: { latte: 0.55, mocha: 0.45 } },
      w: 1,
      label: null,
    },
  ];
  const t = Date.UTC(2026, 0, 1, 10, 5);
  const weighted = new ModelWindowAggregator();
  const repeated = new ModelWindowAggregator();
  for (const e of events) {
    const event: Event = {
      model: 'm',
      modelType: 'classification',
      endpoint: 'POST /r',
      features: e.features as Event['features'],
      prediction: e.prediction,
    };
    weighted.addEvent(event, t, e.w);
    if (e.label)
      weighted.addLabel(
        { model: 'm', endpoint: 'POST /r', modelType: 'classification', timestampMs: t, prediction: e.prediction },
        e.label,
        e.w,
      );
    for (let i = 0; i < e.w; i++) {
      repeated.addEvent(event, t);
      if (e.label)
        repeated.addLabel(
          { model: 'm', endpoint: 'POST /r', modelType: 'classification', timestampMs: t, prediction: e.prediction },
          e.label,
        );
    }
  }
  const [a] = weighted.drain();
  const [b] = repeated.drain();
  assert.equal(a!.endpoint, 'POST /r');
  assert.equal(a!.profile.rows, 9);
  assert.equal(a!.labels, 8);
  const round = (j: unknown) =>
    JSON.parse(JSON.stringify(j, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
  assert.deepEqual(round(profileToJson(a!.profile)), round(profileToJson(b!.profile)));
  assert.deepEqual(round(JSON.parse(a!.encode().performance)), round(JSON.parse(b!.encode().performance)));

  const reg = new ModelWindowAggregator();
  const regRepeated = new ModelWindowAggregator();
  const p = { model: 'f', endpoint: '', modelType: 'regression', timestampMs: t, prediction: 100 };
  reg.addLabel(p, 120, 4);
  for (let i = 0; i < 4; i++) regRepeated.addLabel(p, 120);
  assert.deepEqual(reg.drain()[0]!.regression.toJSON(), regRepeated.drain()[0]!.regression.toJSON());
});
