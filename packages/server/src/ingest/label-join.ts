import { MODEL_WINDOW_MS, type ModelWindowAggregator } from '../analysis/model-health/index.js';
import type { Label } from '@vigil/protocol';
import type { EventStore, LabelRecord, StoredEventRecord } from '../storage/index.js';

/**
 * The stored prediction each label joins: the first stored event of the label's model with its requestId, or
 * undefined. Used at ingest, at replay and by the late join, so all three join the same way.
 */
export async function findPredictions(
  events: EventStore,
  labels: readonly LabelRecord[],
): Promise<Array<StoredEventRecord | undefined>> {
  const byModel = new Map<string, number[]>();
  labels.forEach((l, k) => {
    const list = byModel.get(l.model);
    if (list) list.push(k);
    else byModel.set(l.model, [k]);
  });
  const out: Array<StoredEventRecord | undefined> = labels.map(() => undefined);
  for (const [model, ks] of byModel) {
    const found = await events.findByRequestIds(
      model,
      ks.map((k) => labels[k]!.requestId),
    );
    // findByRequestIds answers in id order: the first one kept is the first stored.
    const byRequest = new Map<string, StoredEventRecord>();
    for (const e of found) if (!byRequest.has(e.requestId)) byRequest.set(e.requestId, e);
    for (const k of ks) out[k] = byRequest.get(labels[k]!.requestId);
  }
  return out;
}

/** Scores a label in the window of its prediction (its hour and endpoint), whenever the label came. */
export function scoreLabel(windows: ModelWindowAggregator, label: LabelRecord, e: StoredEventRecord): void {
  windows.addLabel(
    {
      model: label.model,
      endpoint: e.endpoint,
      modelType: e.modelType,
      timestampMs: e.timestampMs,
      prediction: e.event.prediction,
    },
    JSON.parse(label.label) as Label['label'],
  );
}

/** The key of the window a label joined to `e` is scored in (model, endpoint, hour). */
export function windowKeyOf(e: StoredEventRecord): string {
  return `${e.model}\u0000${e.endpoint ?? ''}\u0000${Math.floor(e.timestampMs / MODEL_WINDOW_MS)}`;
}
