import type { Event } from '@vigil/protocol';
import {
  addEventToProfile,
  deserialiseProfile,
  ModelProfile,
  ProfileBuilder,
  serialiseProfile,
} from '../profile/index.js';
import {
  CbpeAccumulator,
  ClassificationAccumulator,
  RegressionAccumulator,
  type CbpeAccumulatorJson,
  type ClassificationAccumulatorJson,
  type RegressionAccumulatorJson,
} from '../performance/index.js';
import type { LabelValue, PredictionValue } from '../performance/prediction-reading.js';
import { HOUR_MS, bucketStart } from '../api-health/index.js';

/** Model-health windows are hourly: a profile is ~60 KB, so minute windows would cost too much to keep. */
export const MODEL_WINDOW_MS = HOUR_MS;

/**
 * Everything model health needs about one model and endpoint over one hour, all mergeable: the profile of
 * features and outputs, the CBPE accumulator (estimated accuracy from the model's own probabilities), and the
 * realised performance of predictions made in that hour whose labels have arrived. Windows are kept per
 * endpoint (`''` for events without one, and for merges across endpoints) so drift and quality can be read
 * for one endpoint and know which features each endpoint sends.
 */
export class ModelWindow {
  profile: ModelProfile;
  cbpe = new CbpeAccumulator();
  classification = new ClassificationAccumulator();
  regression = new RegressionAccumulator();
  /** Labels joined to a prediction of this window. */
  labels = 0;

  constructor(
    readonly model: string,
    readonly bucketStart: number,
    readonly endpoint = '',
  ) {
    this.profile = new ModelProfile(model, { start: bucketStart, end: bucketStart + MODEL_WINDOW_MS });
  }

  merge(o: ModelWindow): void {
    this.profile.merge(o.profile);
    this.cbpe.merge(o.cbpe);
    this.classification.merge(o.classification);
    this.regression.merge(o.regression);
    this.labels += o.labels;
  }

  encode(): { profile: Uint8Array; performance: string } {
    const perf: PerformanceJson = {
      cbpe: this.cbpe.toJSON(),
      classification: this.classification.toJSON(),
      regression: this.regression.toJSON(),
      labels: this.labels,
    };
    return { profile: serialiseProfile(this.profile), performance: JSON.stringify(perf) };
  }

  static decode(
    model: string,
    bucket: number,
    parts: { profile: Uint8Array; performance: string },
    endpoint = '',
  ): ModelWindow {
    const w = new ModelWindow(model, bucket, endpoint);
    w.profile = deserialiseProfile(parts.profile);
    const perf = JSON.parse(parts.performance) as PerformanceJson;
    w.cbpe = CbpeAccumulator.fromJSON(perf.cbpe);
    w.classification = ClassificationAccumulator.fromJSON(perf.classification);
    w.regression = RegressionAccumulator.fromJSON(perf.regression);
    w.labels = perf.labels;
    return w;
  }
}

interface PerformanceJson {
  cbpe: CbpeAccumulatorJson;
  classification: ClassificationAccumulatorJson;
  regression: RegressionAccumulatorJson;
  labels: number;
}

/** A prediction as the label join finds it in the store. */
export interface JoinedPrediction {
  model: string;
  /** The prediction's endpoint; '' or absent when it had none. */
  endpoint?: string | null;
  modelType: string | null;
  timestampMs: number;
  prediction: PredictionValue | undefined;
}

/**
 * Collects model-health windows between flushes, like HealthAggregator does for API health. Events feed
 * profiles and CBPE; labels, once joined to their prediction, feed realised performance in the window of
 * the prediction (so accuracy over time is by prediction time, whenever the label came).
 */
export class ModelWindowAggregator {
  private windows = new Map<string, { window: ModelWindow; builder: ProfileBuilder | null }>();
  private last: { window: ModelWindow; builder: ProfileBuilder | null } | undefined;

  private windowFor(
    model: string,
    endpoint: string,
    timestampMs: number,
  ): { window: ModelWindow; builder: ProfileBuilder | null } {
    const start = bucketStart(timestampMs, MODEL_WINDOW_MS);
    // A batch's events mostly share the previous event's window; the key string costs more than the lookup.
    const last = this.last;
    if (last && last.window.bucketStart === start && last.window.model === model && last.window.endpoint === endpoint)
      return last;
    const key = `${model}\u0000${endpoint}\u0000${start}`;
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = { window: new ModelWindow(model, start, endpoint), builder: null }));
    this.last = w;
    return w;
  }

  /** Profiles an event; `weight` > 1 counts it as that many identical events (a backfill's sampled rows). */
  addEvent(event: Event, timestampMs: number, weight = 1): void {
    const w = this.windowFor(event.model, event.endpoint ?? '', timestampMs);
    if (!w.builder) {
      w.builder = new ProfileBuilder(event.model, {
        start: w.window.bucketStart,
        end: w.window.bucketStart + MODEL_WINDOW_MS,
      });
      w.window.profile = w.builder.profile;
    }
    addEventToProfile(w.builder, event, weight);
    if (event.prediction !== undefined && event.modelType !== 'regression') w.window.cbpe.add(event.prediction, weight);
  }

  /** Joins a label to its prediction (`weight` times). Returns false when the prediction holds nothing to score. */
  addLabel(p: JoinedPrediction, label: LabelValue, weight = 1): boolean {
    if (p.prediction === undefined) return false;
    const w = this.windowFor(p.model, p.endpoint ?? '', p.timestampMs).window;
    const isRegression =
      p.modelType === 'regression' ||
      (p.modelType !== 'classification' && typeof label === 'number' && typeof p.prediction === 'number');
    if (isRegression) w.regression.add({ prediction: p.prediction, label }, weight);
    else w.classification.add({ prediction: p.prediction, label }, weight);
    w.labels += weight;
    return true;
  }

  get size(): number {
    return this.windows.size;
  }

  drain(): ModelWindow[] {
    const out = [...this.windows.values()].map((w) => w.window);
    this.windows = new Map();
    this.last = undefined;
    return out;
  }

  /** Puts back what a failed flush had drained. */
  restore(windows: ModelWindow[]): void {
    for (const w of windows) {
      const key = `${w.model}\u0000${w.endpoint}\u0000${w.bucketStart}`;
      const cur = this.windows.get(key);
      if (!cur) this.windows.set(key, { window: w, builder: null });
      else {
        // The current entry may still be filling through its builder; fold the old one into it.
        cur.window.merge(w);
      }
    }
  }
}
