import { packBodies, type PackedBody } from './batch-packer.js';
import { DiskSpool, type SpoolSegment } from './disk-spool.js';
import type { ErrorReporter } from './error-reporter.js';
import { EventQueue } from './event-queue.js';
import type { IngestResult, RejectedItem } from './event-types.js';
import { postJson, prepareBody, type PostOutcome } from './http-transport.js';
import { computeRetryDelayMs, isRetryableStatus } from './retry-policy.js';

export interface ChannelOptions {
  /** Full endpoint, e.g. http://vigil:8080/api/v1/events. */
  endpointUrl: string;
  /** Body key and the noun in messages: "events" or "labels". */
  envelopeKey: 'events' | 'labels';
  apiKey: string | undefined;
  batchSize: number;
  maxQueueSize: number;
  maxBodyBytes: number;
  /** Retries per batch; undefined: no count limit, only `maxRetryDurationMs`. */
  maxRetries: number | undefined;
  /** How long one batch is retried, from its first attempt, before it is given up. */
  maxRetryDurationMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxRetryAfterMs: number;
  requestTimeoutMs: number;
  gzipThresholdBytes: number;
  fetch: typeof fetch;
  /** Directory of this channel's on-disk spool; undefined keeps items in memory only. */
  spoolDir: string | undefined;
  spoolMaxBytes: number;
}

export interface ChannelStats {
  /** Accepted by record()/label() and not yet settled: waiting, in flight or between retries. */
  queued: number;
  /** Of `queued`, how many are in a request or waiting to retry. */
  inFlight: number;
  /** Accepted by the server. */
  sent: number;
  /** Refused because the queue was full, or recorded after shutdown(). */
  dropped: number;
  /** Given up: non-retryable answer, retries exhausted, or abandoned at a shutdown timeout. */
  failed: number;
  /** Rejected item by item by the server (207). */
  rejected: number;
  /** Not a valid item, or not serialisable. */
  invalid: number;
  /** Retry attempts made (not items). */
  retries: number;
  /** Of `queued`, how many are on disk in the spool (0 without `spoolDir`). */
  spooled: number;
  /** Items a previous process left in the spool, found at start (they are part of `queued` until settled). */
  replayed: number;
}

/**
 * The queue and delivery loop for one endpoint. One request is in flight at a time, which keeps
 * delivery in record order and lets flush() know exactly when everything queued before it has left:
 * every item accepted is eventually counted once as sent, rejected, invalid or failed ("settled").
 */
export class DeliveryChannel {
  private readonly queue: EventQueue<object>;
  private readonly counts = { sent: 0, failed: 0, rejected: 0, invalid: 0, retries: 0, afterShutdown: 0, inFlight: 0 };
  private settled = 0;
  private sending: Promise<void> | null = null;
  private isKickScheduled = false;
  private flushWaiters = 0;
  private backoff: { timer: ReturnType<typeof setTimeout>; wake: () => void } | undefined;
  private readonly abandon = new AbortController();
  /** With `spoolDir`: every body goes to disk first and is sent from there, oldest first. */
  private readonly spool: DiskSpool | undefined;
  private readonly replayed: number = 0;
  /** Spool writes, one after the other (so segments keep record() order). */
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: ChannelOptions,
    private readonly reporter: ErrorReporter,
  ) {
    this.queue = new EventQueue(options.maxQueueSize);
    if (options.spoolDir !== undefined) {
      this.spool = new DiskSpool(options.spoolDir, options.spoolMaxBytes);
      // What a previous process left is delivered first, in order; it counts as queued until settled.
      this.replayed = this.spool.size;
      this.queue.enqueued += this.replayed;
    }
  }

  /** Hot path of record(): no serialisation, no I/O; a full batch only schedules a send. */
  push(item: object): boolean {
    if (!this.queue.push(item)) {
      this.reporter.reportThrottled(
        'queue_overflow',
        `Vigil ${this.options.envelopeKey} queue is full (${this.options.maxQueueSize}); dropping new ${this.options.envelopeKey}. ` +
          'The server is slow or unreachable, or maxQueueSize is too small for the traffic.',
      );
      return false;
    }
    if (this.queue.length >= this.options.batchSize) this.kickSoon();
    return true;
  }

  /** Counts an item offered after shutdown() as dropped. */
  dropAfterShutdown(): void {
    this.counts.afterShutdown++;
    this.reporter.reportThrottled(
      'after_shutdown',
      `${this.options.envelopeKey} recorded after shutdown() are dropped`,
    );
  }

  countInvalid(message: string): void {
    this.counts.invalid++;
    this.reporter.reportThrottled('invalid_event', message);
  }

  /** Called on the flush interval: spools what is queued, and sends unless a send is already running. */
  tick(): void {
    if (this.spool && this.queue.length > 0) void this.persist();
    if ((this.queue.length > 0 || (this.spool?.size ?? 0) > 0) && !this.sending) void this.startRound();
  }

  /** Resolves once everything queued before the call is settled (delivered, rejected or given up). */
  async flush(): Promise<void> {
    const target = this.queue.enqueued;
    this.flushWaiters++;
    // Someone awaits the result now: a backoff timer must keep the process alive until it is done.
    this.backoff?.timer.ref?.();
    try {
      while (this.settled < target && !this.abandon.signal.aborted) {
        if (!this.sending && this.queue.length === 0 && (this.spool?.size ?? 0) === 0) break;
        await (this.sending ?? this.startRound());
      }
      // Abandoned at a shutdown timeout: with a spool, what is still in memory goes to disk for the next start.
      if (this.abandon.signal.aborted && this.spool) await this.persist();
    } finally {
      this.flushWaiters--;
    }
  }

  /** Stops waiting: cuts the current backoff and request short; whatever is left is counted failed. */
  giveUp(): void {
    this.abandon.abort();
    if (this.backoff) {
      clearTimeout(this.backoff.timer);
      this.backoff.wake();
    }
  }

  stats(): ChannelStats {
    const c = this.counts;
    return {
      queued: this.queue.enqueued - this.settled,
      inFlight: c.inFlight,
      sent: c.sent,
      dropped: this.queue.dropped + c.afterShutdown,
      failed: c.failed,
      rejected: c.rejected,
      invalid: c.invalid,
      retries: c.retries,
      spooled: this.spool?.size ?? 0,
      replayed: this.replayed,
    };
  }

  private kickSoon(): void {
    // With a spool a full batch goes to disk even while a send (or its backoff) is running.
    if (this.isKickScheduled || (this.sending && !this.spool)) return;
    this.isKickScheduled = true;
    // A macrotask, not a microtask: the caller's record() loop finishes before any serialisation.
    setTimeout(() => {
      this.isKickScheduled = false;
      if (this.spool) void this.persist();
      void this.startRound();
    }, 0);
  }

  /**
   * Moves everything queued in memory to the spool, as packed bodies: unserialisable items are settled
   * invalid, oversized ones failed, and bodies that would take the spool past spoolMaxBytes failed (reported).
   */
  private persist(): Promise<void> {
    const run = async (): Promise<void> => {
      const spool = this.spool!;
      while (this.queue.length > 0) {
        const items = this.queue.take(this.options.batchSize * 10);
        const packed = this.packFor(items);
        for (const body of packed) {
          let stored = false;
          try {
            stored = await spool.append(body.json, body.items.length);
          } catch (err) {
            this.giveUpBody(body.items.length, `spool write failed: ${describeError(err)}`, 'spool_failed');
            continue;
          }
          if (!stored)
            this.giveUpBody(
              body.items.length,
              `the spool is full (spoolMaxBytes ${this.options.spoolMaxBytes}); the server has been unreachable for long`,
              'spool_failed',
            );
        }
      }
    };
    this.persisting = this.persisting.then(run, run);
    return this.persisting;
  }

  private startRound(): Promise<void> {
    if (this.sending) return this.sending;
    this.sending = this.sendRound()
      // Defensive: a bug here must surface through onError, not as an unhandled rejection that
      // would take down the host process.
      .catch((err: unknown) =>
        this.reporter.report(
          'delivery_failed',
          `internal SDK error while sending: ${err instanceof Error ? err.stack : String(err)}`,
        ),
      )
      .finally(() => {
        this.sending = null;
        if (this.queue.length >= this.options.batchSize) this.kickSoon();
      });
    return this.sending;
  }

  /** Sends what was queued when the round began, so a round ends even under constant traffic. */
  private async sendRound(): Promise<void> {
    if (this.spool) return this.sendSpooled(this.spool);
    let budget = this.queue.length;
    while (budget > 0 && this.queue.length > 0) {
      const items = this.queue.take(this.options.batchSize);
      budget -= items.length;
      this.counts.inFlight += items.length;
      try {
        await this.deliverItems(items);
      } finally {
        this.counts.inFlight -= items.length;
      }
    }
  }

  /** Spools what is in memory, then sends the segments that were on disk when the round began, oldest first. */
  private async sendSpooled(spool: DiskSpool): Promise<void> {
    await this.persist();
    const segments = [...spool.list()];
    for (const segment of segments) {
      if (this.abandon.signal.aborted) return;
      let json: string;
      try {
        json = await spool.read(segment);
      } catch (err) {
        this.giveUpBody(segment.items, `spool read failed: ${describeError(err)}`, 'spool_failed');
        await spool.remove(segment).catch(() => undefined);
        continue;
      }
      this.counts.inFlight += segment.items;
      try {
        const settled = await this.deliverBody({ json, bytes: segment.bytes, items: itemsOf(json, segment) });
        if (settled) await spool.remove(segment);
      } finally {
        this.counts.inFlight -= segment.items;
      }
    }
  }

  private packFor(items: object[]): PackedBody[] {
    const { envelopeKey, batchSize, maxBodyBytes } = this.options;
    const packed = packBodies(items, envelopeKey, batchSize, maxBodyBytes);
    for (const { item, reason } of packed.unserialisable) {
      this.settle('invalid', 1);
      this.reporter.reportThrottled(
        'invalid_event',
        `an item of ${envelopeKey} could not be serialised to JSON (${reason}); requestId ${requestIdOf(item)}`,
      );
    }
    for (const { item, bytes } of packed.oversized) {
      this.settle('failed', 1);
      this.reporter.report(
        'delivery_failed',
        `an item of ${envelopeKey} is ${bytes} bytes, above maxBodyBytes ${maxBodyBytes}; requestId ${requestIdOf(item)}`,
      );
    }
    return packed.bodies;
  }

  private async deliverItems(items: object[]): Promise<void> {
    for (const body of this.packFor(items)) await this.deliverBody(body);
  }

  /**
   * Sends one body until it is settled: delivered, refused for good, or given up after its retry budget.
   * Returns false only when abandoned at a shutdown timeout with a spool: the body stays on disk, unsettled.
   */
  private async deliverBody(body: PackedBody): Promise<boolean> {
    const n = body.items.length;
    const { endpointUrl, maxRetries, maxRetryDurationMs } = this.options;
    const prepared = await prepareBody(body.json, body.bytes, this.options.apiKey, this.options.gzipThresholdBytes);
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (this.abandon.signal.aborted)
        return this.spool ? false : this.giveUpBody(n, 'abandoned at shutdown (timeout)');
      const outcome = await postJson(endpointUrl, prepared, {
        timeoutMs: this.options.requestTimeoutMs,
        fetch: this.options.fetch,
        signal: this.abandon.signal,
      });
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        this.acceptBody(body, outcome);
        return true;
      }
      const problem = describeFailure(outcome);
      this.reporter.lastError = problem;
      if (outcome.kind === 'response' && !isRetryableStatus(outcome.status)) return this.giveUpBody(n, problem);
      if (this.abandon.signal.aborted) {
        if (this.spool) return false;
        return this.giveUpBody(n, `${problem}; abandoned at shutdown (timeout)`);
      }
      if (maxRetries !== undefined && attempt >= maxRetries)
        return this.giveUpBody(n, `${problem}; gave up after ${maxRetries} retries`);
      const delay = computeRetryDelayMs(
        attempt,
        outcome.kind === 'response' ? outcome.retryAfterMs : undefined,
        this.options,
      );
      if (Date.now() + delay - started > maxRetryDurationMs)
        return this.giveUpBody(
          n,
          `${problem}; gave up after retrying for ${Math.round((Date.now() - started) / 1000)} s (maxRetryDurationMs)`,
        );
      this.counts.retries++;
      await this.sleep(delay);
    }
  }

  private acceptBody(body: PackedBody, outcome: Extract<PostOutcome, { kind: 'response' }>): void {
    const n = body.items.length;
    const result = parseIngestResult(outcome.bodyText);
    const indexes = new Set<number>();
    // Trust the server's indexes only as far as they name distinct items of this body.
    const rejected = (outcome.status === 207 && result ? result.rejected : []).filter(
      (r) => Number.isInteger(r.index) && r.index >= 0 && r.index < n && !indexes.has(r.index) && indexes.add(r.index),
    );
    this.settle('rejected', rejected.length);
    this.settle('sent', n - rejected.length);
    if (rejected.length === 0) return;
    const details = rejected.map((r: RejectedItem) => ({ ...r, requestId: requestIdOf(body.items[r.index]) }));
    const first = details[0];
    this.reporter.report(
      'rejected',
      `server rejected ${rejected.length} of ${n} ${this.options.envelopeKey}; first: #${first.index} ${first.code}: ${first.message}`,
      rejected.length,
      { rejected: details },
    );
  }

  private giveUpBody(n: number, problem: string, code: 'delivery_failed' | 'spool_failed' = 'delivery_failed'): true {
    this.settle('failed', n);
    const noun = n === 1 ? this.options.envelopeKey.slice(0, -1) : this.options.envelopeKey;
    this.reporter.report(code, `${n} ${noun} not delivered: ${problem}`, n);
    return true;
  }

  private settle(kind: 'sent' | 'failed' | 'rejected' | 'invalid', n: number): void {
    this.counts[kind] += n;
    this.settled += n;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.backoff = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      // Background retries never hold the process open; an awaited flush()/shutdown() does.
      if (this.flushWaiters === 0) timer.unref?.();
      this.backoff = { timer, wake };
    });
  }
}

function describeFailure(outcome: PostOutcome): string {
  if (outcome.kind === 'network') return `network error: ${outcome.error.message}`;
  let message = '';
  try {
    const parsed = JSON.parse(outcome.bodyText) as { code?: unknown; message?: unknown };
    if (typeof parsed.message === 'string')
      message = `${typeof parsed.code === 'string' ? `${parsed.code}: ` : ''}${parsed.message}`;
  } catch {
    message = outcome.bodyText.slice(0, 200);
  }
  return `HTTP ${outcome.status}${message ? ` (${message})` : ''}`;
}

function parseIngestResult(text: string): IngestResult | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<IngestResult>;
    return Array.isArray(parsed.rejected) ? (parsed as IngestResult) : undefined;
  } catch {
    return undefined;
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The items of a spooled body, for the per-item report of a 207 (their requestIds). A body the SDK wrote is
 * valid JSON; if it cannot be read back, placeholders keep the count right.
 */
function itemsOf(json: string, segment: SpoolSegment): object[] {
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const list = Object.values(parsed)[0];
    if (Array.isArray(list) && list.length === segment.items) return list as object[];
  } catch {
    // fall through
  }
  return Array.from({ length: segment.items }, () => ({}));
}

function requestIdOf(item: object | undefined): string {
  const id = (item as { requestId?: unknown } | undefined)?.requestId;
  return typeof id === 'string' ? id : '(none)';
}
