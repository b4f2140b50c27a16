import type { Vigil } from '@vigil/sdk';
import { drawCall } from './call-draw.js';
import { buildDemoEvent, type BuildContext } from './event-builder.js';
import { LabelSchedule } from './label-schedule.js';
import { SeededRandom, unitHash } from './seeded-random.js';
import type { Incident, TrafficModel } from './traffic-model.js';

const MINUTE_MS = 60_000;

/** What the simulator uses of an SDK client; the real `Vigil` is one. */
export type DemoSink = Pick<Vigil, 'record' | 'label' | 'flush' | 'stats'>;

export interface DemoSimulatorOptions {
  traffic: TrafficModel;
  /** One SDK client per model name, as each of the four services would have its own. */
  clients: Record<string, DemoSink>;
  now?: () => number;
  /** How often live traffic is generated. Default 250 ms. */
  tickMs?: number;
  /** Labels waiting to be sent, at most. Default 300,000. */
  maxPendingLabels?: number;
  /** A client with more events than this still queued pauses generation (catch-up never overflows the SDK queue). Default 20,000. */
  maxQueuedPerClient?: number;
}

export interface DemoSimulatorStats {
  /** Events handed to the SDK and events it refused (queue full). */
  events: number;
  dropped: number;
  labels: number;
  pendingLabels: number;
  /** Simulated time generated up to; behind the clock while catching up. */
  cursorMs: number;
  /** Calls per minute since the simulator caught up with the clock (null before). */
  liveRatePerMinute: number | null;
}

/** Simulated time generated per step while catching up: small steps keep the server responsive. */
const CATCH_UP_STEP_MS = 5_000;

/**
 * Drives the public ingest API through the SDK exactly as the coffee company's services would: every
 * call of the traffic model becomes `record(event)`, ground truth follows later through `label()`. It
 * can replay a past window as fast as the server takes it, then keep up with the clock.
 *
 * @example
 *   const sim = new DemoSimulator({ traffic, clients: { 'drink-recommender': vigil, … } });
 *   sim.start(Date.now() - 10 * 60_000);   // replays the last 10 minutes, then runs live
 *   await sim.stop();
 */
export class DemoSimulator {
  private readonly traffic: TrafficModel;
  private readonly now: () => number;
  private readonly tickMs: number;
  private readonly maxQueued: number;
  private readonly rng: SeededRandom;
  private readonly labels: LabelSchedule;
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private isRunning = false;
  private counts = { events: 0, dropped: 0, labels: 0 };
  private live: { sinceMs: number; events: number } | undefined;
  private caughtUp: Array<() => void> = [];

  constructor(private readonly opts: DemoSimulatorOptions) {
    this.traffic = opts.traffic;
    this.now = opts.now ?? Date.now;
    this.tickMs = opts.tickMs ?? 250;
    this.maxQueued = opts.maxQueuedPerClient ?? 20_000;
    this.rng = new SeededRandom(opts.traffic.options.seed ^ 0x5eed);
    this.labels = new LabelSchedule(opts.maxPendingLabels ?? 300_000);
    for (const ep of this.traffic.endpoints) {
      if (!opts.clients[ep.model]) throw new TypeError(`DemoSimulator: no SDK client for model "${ep.model}"`);
    }
  }

  /**
   * Records every call of [fromMs, toMs) and schedules its labels. Returns the number of events.
   * Calls of a minute sit at jittered, evenly spaced moments, so any split of a window into pieces
   * yields exactly the model's count per minute.
   */
  generate(fromMs: number, toMs: number): number {
    const { seed } = this.traffic.options;
    let n = 0;
    for (let m = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS; m < toMs; m += MINUTE_MS) {
      const minute = m / MINUTE_MS;
      const local = this.traffic.localTime(m);
      const ctx: BuildContext = {
        hour: local.hour,
        weekday: local.weekday,
        temperatureDrift: this.traffic.temperatureDriftAt(m),
      };
      this.traffic.endpoints.forEach((ep, index) => {
        const calls = this.traffic.callsInMinute(index, m);
        if (calls === 0) return;
        const slot = MINUTE_MS / calls;
        const kFrom = Math.max(0, Math.floor((fromMs - m) / slot));
        const kTo = Math.min(calls, Math.ceil((toMs - m) / slot));
        if (kFrom >= kTo) return;
        const cond = this.traffic.conditionsAt(index, m);
        const client = this.opts.clients[ep.model]!;
        for (let k = kFrom; k < kTo; k++) {
          const t = Math.floor(m + (k + unitHash(seed, index, minute, k)) * slot);
          if (t < fromMs || t >= toMs) continue;
          const { event, label } = buildDemoEvent(ep, drawCall(ep, cond, this.rng), t, ctx, this.rng);
          const requestId = client.record(event);
          n++;
          if (!requestId) {
            this.counts.dropped++;
            continue;
          }
          if (label) this.labels.push({ dueMs: t + label.delayMs, model: ep.model, requestId, label: label.label });
        }
      });
    }
    this.counts.events += n;
    if (this.live) this.live.events += n;
    return n;
  }

  /** Sends the labels due by `nowMs`, stamped with the moment the ground truth became known. */
  releaseLabels(nowMs: number): number {
    const due = this.labels.popDue(nowMs);
    for (const l of due)
      this.opts.clients[l.model]!.label({ model: l.model, requestId: l.requestId, label: l.label, timestamp: l.dueMs });
    this.counts.labels += due.length;
    return due.length;
  }

  /** Replays [fromMs, toMs) as fast as the server takes it, releases due labels, and waits until all is delivered. */
  async replay(fromMs: number, toMs: number): Promise<number> {
    let n = 0;
    for (let t = fromMs; t < toMs; t += CATCH_UP_STEP_MS) {
      await this.waitForBacklog();
      n += this.generate(t, Math.min(t + CATCH_UP_STEP_MS, toMs));
      this.releaseLabels(this.now());
    }
    await Promise.all(Object.values(this.opts.clients).map((c) => c.flush()));
    return n;
  }

  /** Generates from `fromMs` (default now): catches up with the clock as fast as the server takes it, then runs live. */
  start(fromMs = this.now()): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.cursor = fromMs;
    this.schedule(0);
  }

  /** Resolves once the simulator has caught up with the clock. */
  whenCaughtUp(): Promise<void> {
    if (this.live) return Promise.resolve();
    return new Promise((resolve) => this.caughtUp.push(resolve));
  }

  /** Stops generating; what is queued stays with the SDK clients. */
  pause(): void {
    this.isRunning = false;
    clearTimeout(this.timer);
  }

  /** Stops generating and sends what is queued. */
  async stop(): Promise<void> {
    this.pause();
    await Promise.all(Object.values(this.opts.clients).map((c) => c.flush()));
  }

  /** Starts a latency incident on one endpoint now (e.g. to watch an alert fire). */
  triggerIncident(endpointIndex: number, durationMs: number, latencyFactor = 5): Incident {
    const start = this.now();
    return this.traffic.addIncident({
      kind: 'latency',
      endpointIndex,
      startMs: start,
      endMs: start + durationMs,
      latencyFactor,
      errorRate: 0,
    });
  }

  stats(): DemoSimulatorStats {
    const liveMinutes = this.live ? (this.now() - this.live.sinceMs) / MINUTE_MS : 0;
    return {
      ...this.counts,
      pendingLabels: this.labels.size,
      cursorMs: this.cursor,
      liveRatePerMinute: this.live && liveMinutes > 0 ? this.live.events / liveMinutes : null,
    };
  }

  private schedule(delayMs: number): void {
    if (!this.isRunning) return;
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    const now = this.now();
    const isBacklogged = this.isBacklogged();
    if (!isBacklogged) {
      const to = Math.min(now, this.cursor + CATCH_UP_STEP_MS);
      if (to > this.cursor) this.generate(this.cursor, to);
      this.cursor = Math.max(this.cursor, to);
    }
    this.releaseLabels(now);
    const behind = now - this.cursor > this.tickMs;
    if (!behind && !this.live) {
      this.live = { sinceMs: now, events: 0 };
      for (const resolve of this.caughtUp.splice(0)) resolve();
    }
    // Behind the clock: the next step at once (a macrotask, so requests still get served in between);
    // waiting for the SDK to drain: a short pause.
    this.schedule(isBacklogged ? 20 : behind ? 0 : this.tickMs);
  }

  private isBacklogged(): boolean {
    return Object.values(this.opts.clients).some((c) => c.stats().queued > this.maxQueued);
  }

  private async waitForBacklog(): Promise<void> {
    for (const c of Object.values(this.opts.clients)) if (c.stats().queued > this.maxQueued) await c.flush();
  }
}
