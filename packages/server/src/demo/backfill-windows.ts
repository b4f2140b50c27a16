import type { Event } from '@vigil/protocol';
import { HOUR_MS, MINUTE_MS, bucketStart } from '../analysis/api-health/index.js';
import { ModelWindowAggregator, type ModelWindow } from '../analysis/model-health/index.js';
import { drawCall } from './call-draw.js';
import { buildDemoEvent } from './event-builder.js';
import { STORES } from './coffee-models.js';
import { SeededRandom, hashInts } from './seeded-random.js';
import type { TrafficModel } from './traffic-model.js';

/** Sampled calls per (endpoint, hour): enough for drift and quality at one-hour resolution, ~1 s for a month. */
const MIN_SAMPLES_PER_HOUR = 24;
const MAX_SAMPLES_PER_HOUR = 48;
const CALLS_PER_SAMPLE = 500;

/**
 * Model-health windows (feature and output profiles, CBPE, realised performance) for [fromMs, toMs) of the
 * demo history, without raw events: per endpoint and hour, a few dozen calls drawn from the same traffic
 * model, event builder and conditions as live traffic, each weighted by the calls it stands for (the
 * weights add up to the hour's exact calls, so rows and label coverage match the API-health rollups). Labels
 * that would have arrived by `labelsBeforeMs` are scored in the window of their prediction, weighted alike,
 * so accuracy has a history. Pure and deterministic for a given model and range.
 *
 * @example
 *   const windows = buildBackfillWindows(traffic, day, day + DAY_MS, backfillEnd);
 *   await store.rollups.commitFlush({ cells: [], sightings: [], watermark, modelWindows: { windows, ...marks } });
 */
export function buildBackfillWindows(
  model: TrafficModel,
  fromMs: number,
  toMs: number,
  labelsBeforeMs: number,
): ModelWindow[] {
  const agg = new ModelWindowAggregator();
  model.endpoints.forEach((ep, index) => {
    for (let hour = bucketStart(fromMs, HOUR_MS); hour < toMs; hour += HOUR_MS) {
      const start = Math.max(hour, fromMs);
      const end = Math.min(hour + HOUR_MS, toMs);
      const minutes: number[] = [];
      const counts: number[] = [];
      let calls = 0;
      for (let m = start; m < end; m += MINUTE_MS) {
        const n = model.callsInMinute(index, m);
        if (n === 0) continue;
        minutes.push(m);
        counts.push(n);
        calls += n;
      }
      if (calls === 0) continue;
      const rng = new SeededRandom(hashInts(model.options.seed, index, hour / MINUTE_MS, 606));
      const k = Math.min(
        calls,
        Math.max(MIN_SAMPLES_PER_HOUR, Math.min(MAX_SAMPLES_PER_HOUR, Math.round(calls / CALLS_PER_SAMPLE))),
      );
      const storeOffset = rng.int(STORES.length);
      const base = Math.floor(calls / k);
      const extra = calls - base * k;
      for (let i = 0; i < k; i++) {
        const weight = base + (i < extra ? 1 : 0);
        // A minute drawn in proportion to its calls, a moment inside it.
        let r = rng.next() * calls;
        let j = 0;
        while (j < counts.length - 1 && r >= counts[j]!) r -= counts[j++]!;
        const minute = minutes[j]!;
        const t = minute + Math.floor(rng.next() * MINUTE_MS);
        const local = model.localTime(minute);
        const ctx = {
          hour: local.hour,
          weekday: local.weekday,
          temperatureDrift: model.temperatureDriftAt(minute),
          modelVersion: model.versionAt(index, minute),
          store: STORES[(storeOffset + i) % STORES.length]!,
        };
        const { event, label } = buildDemoEvent(ep, drawCall(ep, model.conditionsAt(index, minute), rng), t, ctx, rng);
        agg.addEvent(event as Event, t, weight);
        if (label && t + label.delayMs < labelsBeforeMs && event.prediction !== undefined)
          agg.addLabel(
            {
              model: ep.model,
              endpoint: ep.endpoint,
              modelType: ep.modelType,
              timestampMs: t,
              prediction: event.prediction as Event['prediction'],
            },
            label.label,
            weight,
          );
      }
    }
  });
  return agg.drain();
}
