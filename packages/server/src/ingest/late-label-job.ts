import type { FastifyBaseLogger } from 'fastify';
import { DAY_MS } from '../analysis/api-health/index.js';
import { ModelWindowAggregator } from '../analysis/model-health/index.js';
import type { LateLabelLimits, PendingLabel, Store, StoredEventRecord } from '../storage/index.js';
import { findPredictions, scoreLabel, windowKeyOf } from './label-join.js';

/**
 * A label stored before its prediction is joined when the prediction is stored within this long after the label
 * was received; past it the label stays unmatched for good (docs/events.md, "Labels").
 */
export const LATE_LABEL_BOUND_MS = 7 * DAY_MS;
/**
 * What one scan reads: pending labels stored since the last run, and new events whose request keys are checked
 * against the pending labels' (an index probe each, no event decoded; ~2 µs an event on SQLite, where the scan
 * is synchronous: 20,000 events hold the event loop ~15–60 ms).
 */
export const LATE_LABEL_SCAN_LIMITS = { labels: 2000, events: 20_000 };
/**
 * Windows one commit merges: on SQLite the commit merges them synchronously (0.2–2 ms each), so it holds the
 * event loop ~60 ms at most.
 */
const WINDOWS_PER_COMMIT = 32;
/** Labels looked up in one turn of the event loop. */
const LOOKUP_SLICE = 25;

export interface LateLabelRun {
  /** Pending labels looked up again (their prediction may have come). */
  tried: number;
  /** Of those, labels joined to their prediction and scored. */
  joined: number;
  /** True when a commit found a label joined already (another node's run): the run stopped, nothing counted twice. */
  isInterrupted: boolean;
}

/**
 * The late label join: scores the labels that were stored before their prediction, once the prediction is stored.
 * The store's scan (`scanLateLabels`) hands the pending labels that may have a prediction now — those stored since
 * the last run, and those whose (model, requestId) key is in an event committed since —, each is looked up like at
 * ingest, and the ones found are scored in the window of their prediction's hour. `commitLateLabels` marks them
 * joined together with their window deltas and the scan mark, only while all are still pending: a label is scored
 * once whatever crashes, restarts or nodes run the job. Labels received more than `boundMs` ago are not tried.
 *
 * @example await joinLateLabels(store, Date.now())  // { tried: 3, joined: 2, isInterrupted: false }
 */
export async function joinLateLabels(
  store: Store,
  nowMs: number,
  opts: { boundMs?: number; limits?: LateLabelLimits } = {},
): Promise<LateLabelRun> {
  const run: LateLabelRun = { tried: 0, joined: 0, isInterrupted: false };
  for (;;) {
    const scan = await store.events.scanLateLabels(
      nowMs - (opts.boundMs ?? LATE_LABEL_BOUND_MS),
      opts.limits ?? LATE_LABEL_SCAN_LIMITS,
    );
    const predictions = await findPredictionsInTurns(store, scan.labels);
    const joins = scan.labels
      .map((label, k) => ({ label, prediction: predictions[k] }))
      .filter((j): j is Join => j.prediction !== undefined);
    run.tried += scan.labels.length;
    const chunks = chunkByWindows(joins);
    for (let i = 0; i < chunks.length; i++) {
      const windows = new ModelWindowAggregator();
      for (const j of chunks[i]!) scoreLabel(windows, j.label, j.prediction);
      const isCommitted = await store.rollups.commitLateLabels({
        labelIds: chunks[i]!.map((j) => j.label.id),
        windows: windows.drain(),
        joinedAtMs: nowMs,
        // The mark moves with the page's last commit: a failure before it scans the page again.
        ...(i === chunks.length - 1 && { mark: scan.mark }),
      });
      if (!isCommitted) return { ...run, isInterrupted: true };
      run.joined += chunks[i]!.length;
    }
    if (!scan.hasMore) return run;
  }
}

type Join = { label: PendingLabel; prediction: StoredEventRecord };

/**
 * Looks the labels' predictions up a slice at a time, letting other work in between: a lookup decodes the blocks
 * holding the predictions (5–40 ms for a block of 1,000 events on a busy 2-core machine), and on SQLite it runs
 * synchronously. 25 labels whose predictions sit in 5 blocks (the bench's worst spread) held the event loop up to
 * ~200 ms; labels sent together usually find their predictions in one block.
 */
async function findPredictionsInTurns(
  store: Store,
  labels: PendingLabel[],
): Promise<Array<StoredEventRecord | undefined>> {
  const out: Array<StoredEventRecord | undefined> = [];
  for (let i = 0; i < labels.length; i += LOOKUP_SLICE) {
    out.push(...(await findPredictions(store.events, labels.slice(i, i + LOOKUP_SLICE))));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/**
 * The joins grouped so that each group touches at most {@link WINDOWS_PER_COMMIT} windows, in label order within
 * a window; always at least one group, so the scan mark is committed even when nothing joined.
 */
function chunkByWindows(joins: Join[]): Join[][] {
  const byWindow = new Map<string, Join[]>();
  for (const j of joins) {
    const key = windowKeyOf(j.prediction);
    const list = byWindow.get(key);
    if (list) list.push(j);
    else byWindow.set(key, [j]);
  }
  const chunks: Join[][] = [[]];
  let windows = 0;
  for (const list of byWindow.values()) {
    if (windows === WINDOWS_PER_COMMIT) {
      chunks.push([]);
      windows = 0;
    }
    chunks.at(-1)!.push(...list);
    windows++;
  }
  return chunks;
}

/**
 * Runs the late join every `intervalMs` (the model-window flush interval: a joined label shows when its window
 * would have) on the node holding the background lease. Returns the function that stops it.
 */
export function scheduleLateLabelJoin(
  store: Store,
  opts: { intervalMs: number; now: () => number; log: FastifyBaseLogger },
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = joinLateLabels(store, opts.now())
      .then(
        (r) => {
          if (r.joined > 0 || r.isInterrupted) opts.log.info(r, 'late labels joined to their predictions');
        },
        (err: unknown) => opts.log.error({ err }, 'late label join failed; retrying next interval'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
