import type { FastifyBaseLogger } from 'fastify';
import { HealthAggregator, type SegmentFolds, type SegmentLimits } from '../analysis/api-health/index.js';
import { ModelWindowAggregator } from '../analysis/model-health/index.js';
import type { IngestResult, LabelIngestResult } from '@vigil/protocol';
import type { LabelRecord, Store, StoredEventRecord } from '../storage/index.js';
import { normalizeEvent, normalizeLabel, recordToFacts, type NormalizedEvent } from './normalize-event.js';
import type { IngestObserver } from './ingest-observer.js';
import { findPredictions, scoreLabel } from './label-join.js';
import type { Event } from '@vigil/protocol';
import {
  findPersonalData,
  mayHoldCardNumbers,
  PII_KINDS,
  redactEvent,
  type CompiledPiiPolicy,
} from '../analysis/privacy/index.js';
import { findPromptInjection } from '../analysis/llm/index.js';
import type { SecuritySignalRecorder } from '../audit/index.js';
import { CardinalityGuard, type CardinalityLimits, type CardinalityStats } from './cardinality-guard.js';

/**
 * The cost in USD of an LLM call's tokens at a time, with the price-table version applied; null when no price
 * is known (supplied by the cost feature).
 */
export type TokenPricer = (call: {
  requestModel: string;
  atMs: number;
  inputTokens: number;
  outputTokens: number;
}) => { costUsd: number; version: number } | null;

export interface IngestPipelineOptions {
  flushIntervalMs: number;
  /** How often model-health windows are written (they are large; rollup cells go every flushIntervalMs). */
  windowFlushIntervalMs: number;
  /** How often segment cells are written (one series per tag value: many more cells than the calls'). */
  segmentFlushIntervalMs: number;
  /** Mask payment card numbers in events before they are stored (analysis/privacy/card-numbers.ts). */
  maskCardNumbers?: boolean;
  /** Models, endpoints, features and error types the clients may make Vigil keep (cardinality-guard.ts). */
  cardinality?: CardinalityLimits;
  /** Tag keys and values with segments of their own. */
  segments?: SegmentLimits;
  /** Told about every failed background flush (a full disk pauses writes until it has room). */
  onFlushError?: (err: unknown) => void;
  now?: () => number;
}

/** Everything the cardinality limits did and how close the busiest model or key is to each (GET /api/v1/limits). */
export interface IngestCardinality extends CardinalityStats {
  segments: SegmentLimits &
    SegmentFolds & { count: ReturnType<HealthAggregator['busiestSegments']> & { total: number } };
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

const REPLAY_PAGE = 5000;
/** Unmatched labels listed by requestId in a labels answer; the count covers them all. */
export const MAX_UNMATCHED_LISTED = 100;

/**
 * The path every event takes: validate each item, commit the accepted ones in one transaction, then feed
 * the live aggregates. Aggregates reach the store on each flush together with a watermark (the highest
 * event id they cover), so after a crash `recover()` replays exactly the events the rollups miss.
 *
 * Invariant: events are committed and added to the aggregator in id order. The store's ordering rule
 * (storage/contracts/store.ts) makes one writer's appends resolve in id order, and the aggregator add runs in
 * the append's continuation, so no other batch can interleave; the watermarks the flush writes are this
 * writer's.
 */
export class IngestPipeline {
  private readonly aggregator = new HealthAggregator();
  /** Segment cells (per tag value), flushed every `segmentFlushIntervalMs` with their own watermark. */
  private readonly segments: HealthAggregator;
  private readonly segmentLimits: SegmentLimits;
  private readonly guard: CardinalityGuard;
  private segmentEventId = 0;
  private flushedSegmentId = 0;
  private readonly windows = new ModelWindowAggregator();
  /** Highest event id added to the rollup aggregator, and the highest one flushed. */
  private highestAddedId = 0;
  private flushedId = 0;
  /** Highest event id profiled into the model windows, and label id joined. */
  private windowEventId = 0;
  private highestLabelId = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly now: () => number;
  private pricer: TokenPricer | null = null;
  private piiPolicyOf: ((model: string) => CompiledPiiPolicy | null) | null = null;
  private signals: SecuritySignalRecorder | null = null;
  private readonly screen = (e: Event): number => this.screenEvent(e);

  constructor(
    private readonly store: Store,
    private readonly observer: IngestObserver,
    private readonly log: FastifyBaseLogger,
    private readonly opts: IngestPipelineOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.segmentLimits = opts.segments ?? { keysPerModel: 20, valuesPerKey: 100, total: UNLIMITED };
    this.segments = new HealthAggregator(this.segmentLimits);
    this.guard = new CardinalityGuard(
      opts.cardinality ?? {
        maxModels: UNLIMITED,
        maxModelsPerKey: UNLIMITED,
        maxEndpointsPerModel: UNLIMITED,
        maxFeaturesPerModel: UNLIMITED,
        maxErrorTypesPerModel: UNLIMITED,
      },
    );
  }

  cardinality(): IngestCardinality {
    return {
      ...this.guard.stats(),
      segments: {
        ...this.segmentLimits,
        ...this.segments.segmentFolds,
        count: { ...this.segments.busiestSegments(), total: this.segments.segments },
      },
    };
  }

  /**
   * `json`, the text the items were parsed from when there is one, lets a batch without card numbers skip the
   * per-event check. `keyId` is the API key that sent them (per-key cardinality limits).
   */
  async ingestEvents(
    items: unknown[],
    json?: string,
    keyId: string | null = null,
    allowedModels: ReadonlySet<string> | null = null,
  ): Promise<{ status: 200 | 207; body: IngestResult }> {
    const now = this.now();
    const maskCardNumbers = this.opts.maskCardNumbers === true && (json === undefined || mayHoldCardNumbers(json));
    const rejected: IngestResult['rejected'] = [];
    const requestIds: Array<string | null> = new Array(items.length).fill(null);
    const accepted: NormalizedEvent[] = [];
    const acceptedIndex: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const r = normalizeEvent(items[i], now, {
        maskCardNumbers,
        beforeStore: this.piiPolicyOf || this.signals ? this.screen : undefined,
      });
      if (!r.ok) {
        rejected.push({ index: i, code: 'VIGIL_ERR_BATCH_ITEM_INVALID', message: `events[${i}].${r.message}` });
        continue;
      }
      if (allowedModels && !allowedModels.has(r.value.record.model)) {
        rejected.push({
          index: i,
          code: 'VIGIL_ERR_FORBIDDEN',
          message: refuseModel('events', i, r.value.record.model),
        });
        continue;
      }
      const refused = this.guard.admit(r.value.record, keyId, now);
      if (refused !== null) {
        rejected.push({ index: i, code: 'VIGIL_ERR_CARDINALITY_LIMIT', message: `events[${i}].${refused}` });
        continue;
      }
      // The guard may have folded the error type into "(other)".
      r.value.facts.errorType = r.value.record.errorType;
      accepted.push(r.value);
      acceptedIndex.push(i);
    }
    // New names are written before the events that use them, so a restart never finds an event past a limit.
    const names = this.guard.takePending();
    if (names.length > 0) {
      try {
        await this.store.cardinality.add(names);
      } catch (err) {
        this.guard.restorePending(names);
        throw err;
      }
    }
    if (accepted.length > 0) {
      if (this.pricer) for (const n of accepted) this.price(n);
      // A request stored whole and unchanged keeps its JSON text instead of having its events serialised again.
      const whole =
        json !== undefined && rejected.length === 0 && !maskCardNumbers && !accepted.some((n) => n.isChanged);
      const records = accepted.map((n) => n.record);
      const { lastId } = await this.store.events.appendEvents(records, whole ? json : undefined);
      accepted.forEach(({ record, facts }, k) => {
        const { event } = record;
        this.aggregator.add(facts, { modelType: record.modelType, modelVersion: record.modelVersion });
        if (event.tags) this.segments.addSegments(facts, event.tags);
        this.windows.addEvent(event, record.timestampMs);
        requestIds[acceptedIndex[k]!] = record.requestId;
      });
      this.observer.onEvents(records);
      this.highestAddedId = lastId;
      this.windowEventId = lastId;
      this.segmentEventId = lastId;
    }
    this.observer.onBatch('events', accepted.length, rejected.length);
    return { status: rejected.length ? 207 : 200, body: { accepted: accepted.length, rejected, requestIds } };
  }

  /**
   * The personal-data policy each model's events follow from now on (the privacy feature passes it; null: keep
   * everything as sent). Applied to features, tags and LLM text before the event is stored.
   */
  setPersonalDataPolicy(policyOf: ((model: string) => CompiledPiiPolicy | null) | null): void {
    this.piiPolicyOf = policyOf;
  }

  /** Where prompt-injection markers in LLM prompts and personal data in LLM responses are counted, per model. */
  setSecuritySignals(signals: SecuritySignalRecorder | null): void {
    this.signals = signals;
  }

  /**
   * Counts the LLM security signals on the event as sent, then applies its model's personal-data policy;
   * answers how many values the policy changed.
   */
  private screenEvent(e: Event): number {
    const llm = e.llm;
    if (this.signals && llm) {
      const at = this.now();
      if (typeof llm.prompt === 'string' && findPromptInjection(llm.prompt).length > 0)
        this.signals.count('promptInjections', e.model, 1, at);
      if (typeof llm.response === 'string' && findPersonalData(llm.response, PII_KINDS).length > 0)
        this.signals.count('llmOutputPii', e.model, 1, at);
    }
    const policy = this.piiPolicyOf?.(e.model);
    return policy ? redactEvent(e, policy) : 0;
  }

  /** Prices LLM events that arrive without costUsd from now on (the cost feature passes the price table). */
  setPricer(pricer: TokenPricer | null): void {
    this.pricer = pricer;
  }

  /**
   * An LLM call sent without `costUsd` but with tokens is priced at ingest with the version in force at its
   * timestamp, and the version is recorded on the stored event. A cost the client sent is kept as sent.
   */
  private price(n: NormalizedEvent): void {
    const { record } = n;
    const { event } = record;
    const requestModel = event.llm?.requestModel;
    if (record.costUsd !== null || !requestModel || (record.inputTokens === null && record.outputTokens === null))
      return;
    const priced = this.pricer!({
      requestModel,
      atMs: record.timestampMs,
      inputTokens: record.inputTokens ?? 0,
      outputTokens: record.outputTokens ?? 0,
    });
    if (!priced) return;
    record.costUsd = priced.costUsd;
    record.priceVersion = priced.version;
    n.facts.costUsd = priced.costUsd;
  }

  /**
   * Stores the valid labels and scores each against its prediction. The answer says which labels matched no
   * stored prediction of their model (`unmatched`: the count, and the first {@link MAX_UNMATCHED_LISTED}):
   * they are kept, and score nothing until their prediction comes — the late join (late-label-job.ts) scores a
   * label whose prediction is stored within 7 days of it (LATE_LABEL_BOUND_MS); a wrong model or requestId never.
   */
  async ingestLabels(
    items: unknown[],
    allowedModels: ReadonlySet<string> | null = null,
  ): Promise<{ status: 200 | 207; body: LabelIngestResult }> {
    const now = this.now();
    const rejected: IngestResult['rejected'] = [];
    const requestIds: Array<string | null> = new Array(items.length).fill(null);
    const records: LabelRecord[] = [];
    const indexes: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const r = normalizeLabel(items[i], now);
      if (r.ok && allowedModels && !allowedModels.has(r.value.model)) {
        rejected.push({ index: i, code: 'VIGIL_ERR_FORBIDDEN', message: refuseModel('labels', i, r.value.model) });
      } else if (r.ok) {
        records.push(r.value);
        indexes.push(i);
        requestIds[i] = r.value.requestId;
      } else {
        rejected.push({ index: i, code: 'VIGIL_ERR_BATCH_ITEM_INVALID', message: `labels[${i}].${r.message}` });
      }
    }
    const unmatched: LabelIngestResult['unmatched'] = { count: 0, items: [] };
    if (records.length > 0) {
      // Looked up before the insert, so each label row records whether it matched (the performance page's share).
      const predictions = await findPredictions(this.store.events, records);
      records.forEach((l, k) => {
        l.isMatched = predictions[k] !== undefined;
        if (l.isMatched) return;
        unmatched.count++;
        if (unmatched.items.length < MAX_UNMATCHED_LISTED)
          unmatched.items.push({ index: indexes[k]!, model: l.model, requestId: l.requestId });
      });
      const { lastId } = await this.store.events.appendLabels(records);
      this.scoreLabels(records, predictions);
      this.highestLabelId = lastId;
    }
    this.observer.onBatch('labels', records.length, rejected.length);
    return {
      status: rejected.length ? 207 : 200,
      body: { accepted: records.length, rejected, requestIds, unmatched },
    };
  }

  /** Scores labels in the window of their prediction (by prediction time, whenever the label came). */
  private scoreLabels(labels: readonly LabelRecord[], predictions: ReadonlyArray<StoredEventRecord | undefined>): void {
    labels.forEach((l, k) => {
      const e = predictions[k];
      if (e) scoreLabel(this.windows, l, e);
    });
  }

  /**
   * Joins labels to their predictions and scores them (replay after a crash). Labels stored unmatched are left
   * to the late join (late-label-job.ts), which marks each one it scores: replaying them here too would count
   * them twice.
   */
  private async joinLabels(labels: LabelRecord[]): Promise<void> {
    const mine = labels.filter((l) => l.isMatched !== false);
    this.scoreLabels(mine, await findPredictions(this.store.events, mine));
  }

  /**
   * Rebuilds what the last flushes had not written (crash recovery): rollup cells from the events above
   * the rollup watermark, model-health windows from the events and labels above theirs. Events first, so
   * labels replayed afterwards find their predictions.
   */
  async recover(): Promise<number> {
    const marks = await this.store.rollups.watermarks();
    const rollupMark = marks.rollups;
    const windowMarks = { events: marks.windowEvents, labels: marks.windowLabels };
    const segmentMark = marks.segments;
    this.highestAddedId = rollupMark;
    this.windowEventId = windowMarks.events;
    this.segmentEventId = segmentMark;
    this.flushedSegmentId = segmentMark;
    this.highestLabelId = windowMarks.labels;
    this.segments.seedSegments(await this.store.rollups.listSegments());
    this.guard.seed(await this.store.cardinality.list());
    let after = Math.min(rollupMark, windowMarks.events, segmentMark);
    let replayed = 0;
    for (;;) {
      const page = await this.store.events.scanEventsAfter(after, REPLAY_PAGE);
      if (page.length === 0) break;
      this.observer.onEvents(page.filter((r) => r.id > rollupMark));
      for (const r of page) {
        const facts = recordToFacts(r);
        if (r.id > rollupMark) this.aggregator.add(facts, { modelType: r.modelType, modelVersion: r.modelVersion });
        if (r.id > segmentMark && r.event.tags) this.segments.addSegments(facts, r.event.tags);
        if (r.id > windowMarks.events) this.windows.addEvent(r.event, r.timestampMs);
      }
      after = page.at(-1)!.id;
      this.highestAddedId = Math.max(this.highestAddedId, after);
      this.windowEventId = Math.max(this.windowEventId, after);
      this.segmentEventId = Math.max(this.segmentEventId, after);
      replayed += page.length;
      await this.flush();
    }
    for (;;) {
      const page = await this.store.events.scanLabelsAfter(this.highestLabelId, REPLAY_PAGE);
      if (page.length === 0) break;
      await this.joinLabels(page);
      this.highestLabelId = page.at(-1)!.id;
      replayed += page.length;
      await this.flush();
    }
    return replayed;
  }

  /**
   * Writes the rollup cells accumulated since the last flush, and the model-health windows and segment
   * cells too when asked (on their own intervals, at shutdown, and by tests: the default is everything).
   * Concurrent calls share one flush.
   */
  async flush(
    opts: { withWindows?: boolean; withSegments?: boolean } = { withWindows: true, withSegments: true },
  ): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    const withWindows = opts.withWindows === true && this.windows.size > 0;
    // Untagged traffic moves the segment watermark too, or a restart would re-read it all.
    const withSegments =
      opts.withSegments === true && (this.segments.size > 0 || this.segmentEventId !== this.flushedSegmentId);
    if (this.aggregator.size === 0 && !withWindows && !withSegments && this.highestAddedId === this.flushedId) return;
    const watermark = this.highestAddedId;
    const drained = this.aggregator.drain();
    const windows = withWindows ? this.windows.drain() : [];
    const modelWindows = withWindows
      ? { windows, eventWatermark: this.windowEventId, labelWatermark: this.highestLabelId }
      : undefined;
    const segmentCells = withSegments ? this.segments.drain().cells : [];
    const segmentWatermark = this.segmentEventId;
    const segments = withSegments ? { cells: segmentCells, watermark: segmentWatermark } : undefined;
    const started = performance.now();
    this.flushing = this.store.rollups
      .commitFlush({ ...drained, watermark, modelWindows, segments })
      .then(
        () => {
          this.flushedId = watermark;
          if (segments) this.flushedSegmentId = segmentWatermark;
          this.observer.onFlush(drained.cells.length + segmentCells.length, performance.now() - started);
        },
        (err: unknown) => {
          this.aggregator.restore(drained);
          this.windows.restore(windows);
          this.segments.restore({ cells: segmentCells, sightings: [] });
          throw err;
        },
      )
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  start(): void {
    let lastWindowFlush = this.now();
    let lastSegmentFlush = this.now();
    this.flushTimer = setInterval(() => {
      const withWindows = this.now() - lastWindowFlush >= this.opts.windowFlushIntervalMs;
      if (withWindows) lastWindowFlush = this.now();
      const withSegments = this.now() - lastSegmentFlush >= this.opts.segmentFlushIntervalMs;
      if (withSegments) lastSegmentFlush = this.now();
      this.flush({ withWindows, withSegments }).catch((err: unknown) => {
        this.log.error({ err }, 'rollup flush failed; the aggregates are kept for the next flush');
        this.opts.onFlushError?.(err);
      });
    }, this.opts.flushIntervalMs);
    this.flushTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.flush();
  }
}

/** The per-item refusal for a model an ingest key is not limited to. */
function refuseModel(kind: string, i: number, model: string): string {
  return `${kind}[${i}].model: this API key may not send model "${model}" (its scope lists other models or use cases)`;
}
