import { AlertStateTracker, type AlertInstance } from '../evaluation/alert-state.js';
import type { Labels } from '../evaluation/alert-fingerprint.js';
import type { MetricSource } from '../evaluation/metric-source.js';
import { createMuteCheck } from '../evaluation/mute-check.js';
import { NotificationGrouper, type GroupingOptions } from '../evaluation/notification-grouper.js';
import { evaluateRules } from '../evaluation/rule-conditions.js';
import { findSilence } from '../evaluation/silence-matcher.js';
import { findMaintenanceWindow } from '../evaluation/maintenance-window.js';
import { toRaciMatrix } from '../routing/raci-matrix.js';
import type { AlertRule } from '../rules/rule-schema.js';
import type { AlertingStore } from '../../storage/index.js';
import type { AlertGroupHandler, AlertLookup, AlertRounds, RoundJob, RoutingContext } from './alert-rounds.js';

export const DEFAULT_EVAL_INTERVAL_MS = 30_000;

export interface SchedulerOptions {
  store: AlertingStore;
  source: MetricSource;
  /** Takes the alert groups: the incidents stage. */
  incidents: AlertGroupHandler;
  /** The clock; tests pass a fake one and call {@link AlertingScheduler.evaluateOnce} themselves. */
  now: () => number;
  /** Evaluation interval; 0 = no timer (tests drive rounds by hand). Default 30 s. */
  intervalMs?: number;
  grouping?: Omit<GroupingOptions, 'isMuted'>;
  /** The daily digest, checked at the end of every round (evaluation or tick). */
  digest?: RoundJob;
  onError?: (err: unknown) => void;
}

/** A type (not an interface), so it is a record of numbers as the wire's `lastRound` expects. */
export type RoundSummary = {
  at: number;
  rules: number;
  firing: number;
  pending: number;
  transitions: number;
  notifications: number;
  escalationActions: number;
  durationMs: number;
};

/** One alert as the API lists it. */
export interface AlertView extends AlertInstance {
  isSilenced: boolean;
  silencedBy: { kind: 'silence' | 'maintenance'; id: string } | null;
}

/**
 * The impure loop around the pure engine: every interval it evaluates all rules against the metric source,
 * feeds the state tracker (persisted, so a restart keeps pending/firing), resolves the incidents whose alerts
 * all cleared (their channels told at once), groups notifications (silences and maintenance windows applied),
 * hands group flushes to the incident manager and ticks escalations of incidents still firing. Rounds never
 * overlap; the clock is injected.
 * @example
 * const scheduler = new AlertingScheduler({ store, source, incidents, now: Date.now });
 * await scheduler.restore(); scheduler.start();
 * await scheduler.evaluateOnce(Date.now());   // or let the timer do it
 */
export class AlertingScheduler implements AlertRounds {
  readonly intervalMs: number;
  readonly #tracker = new AlertStateTracker();
  readonly #grouper: NotificationGrouper;
  #mute: (labels: Labels, now: number) => boolean = () => false;
  #rules: AlertRule[] = [];
  #rulesById = new Map<string, AlertRule>();
  #rulesRevision = -1;
  #chain: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #isRunning = false;
  #lastRound: RoundSummary | null = null;
  #lastEvalAt: number | null = null;
  #isFollowing = false;

  constructor(private readonly options: SchedulerOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_EVAL_INTERVAL_MS;
    this.#grouper = new NotificationGrouper({ ...options.grouping, isMuted: (labels, now) => this.#mute(labels, now) });
  }

  /** Loads the persisted alert states (pending/firing survive a restart). */
  async restore(): Promise<void> {
    this.#tracker.restore(await this.options.store.loadAlertState());
  }

  /**
   * Another node evaluates (it holds the background lease): this one lists the alert states that node saved
   * instead of its own, which are not evaluated. Ended by `start`.
   */
  follow(): void {
    this.#isFollowing = true;
  }

  start(): void {
    this.#isFollowing = false;
    if (this.intervalMs <= 0 || this.#isRunning) return;
    this.#isRunning = true;
    this.#schedule(this.intervalMs);
  }

  async stop(): Promise<void> {
    this.#isRunning = false;
    clearTimeout(this.#timer);
    await this.#chain.catch(() => {});
  }

  /** One full round at `now`: evaluate, track, group, flush, escalate. */
  evaluateOnce(now: number): Promise<RoundSummary> {
    return this.#serialize(() => this.#round(now, true));
  }

  /** Flushes due groups and ticks escalations without evaluating rules (between rounds). */
  tick(now: number): Promise<RoundSummary> {
    return this.#serialize(() => this.#round(now, false));
  }

  /** What the timer does when it wakes at `now`: a full round when an evaluation is due (on the interval grid), else a tick. */
  runDue(now: number): Promise<RoundSummary> {
    const last = this.#lastEvalAt;
    return last === null || now - last >= this.intervalMs - 50 ? this.evaluateOnce(now) : this.tick(now);
  }

  /**
   * When the timer wakes next: the next evaluation on the interval grid, group flush, escalation step or
   * digest, whichever comes first. Tests drive a fake clock with it: `clock = await s.nextWakeAt(clock); await s.runDue(clock)`.
   */
  async nextWakeAt(now: number): Promise<number> {
    const wake = [
      this.#lastEvalAt === null ? now : this.#lastEvalAt + this.intervalMs,
      this.#grouper.nextFlushAt() ?? Infinity,
      (await this.options.incidents.nextEscalationDue(this.alertLookup()).catch(() => null)) ?? Infinity,
      this.options.digest?.nextDueAt(now) ?? Infinity,
    ];
    return Math.min(...wake);
  }

  /**
   * Runs `fn` between rounds, never during one: acknowledgements and resolutions from the API go through it so
   * a round does not overwrite what they wrote.
   */
  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#serialize(fn);
  }

  /** The alerts as the latest evaluation left them, and the rules, for notifications sent outside a round. */
  alertLookup(): AlertLookup {
    const byFingerprint = new Map(this.#tracker.list().map((a) => [a.fingerprint, a]));
    const rules = this.#rulesById;
    return { alert: (f: string) => byFingerprint.get(f), rule: (id: string) => rules.get(id) };
  }

  /** Pending, firing and recently resolved alerts, with their mute state at `now`. */
  async listAlerts(now: number): Promise<AlertView[]> {
    if (this.#isFollowing) await this.restore();
    const [silences, windows] = await Promise.all([
      this.options.store.silences.list(),
      this.options.store.maintenanceWindows.list(),
    ]);
    return this.#tracker.list().map((a) => {
      const s = findSilence(a.labels, silences, now);
      const w = s ? null : findMaintenanceWindow(a.labels, windows, now);
      const silencedBy = s
        ? { kind: 'silence' as const, id: s.id }
        : w
          ? { kind: 'maintenance' as const, id: w.id }
          : null;
      return { ...a, isSilenced: silencedBy !== null, silencedBy };
    });
  }

  lastRound(): RoundSummary | null {
    return this.#lastRound;
  }

  /** Marks the rules as changed; the next round reloads them. */
  invalidateRules(): void {
    this.#rulesRevision = -1;
  }

  async loadRouting(): Promise<RoutingContext> {
    const [rows, teams] = await Promise.all([this.options.store.getRaciRows(), this.options.store.teams.list()]);
    return { matrix: toRaciMatrix(rows), teams: new Map(teams.map((t) => [t.name, t])) };
  }

  async #round(now: number, evaluate: boolean): Promise<RoundSummary> {
    const started = performance.now();
    const { store, source, incidents } = this.options;
    let transitions = 0;
    if (evaluate) this.#lastEvalAt = now;
    const [silences, windows] = await Promise.all([store.silences.list(), store.maintenanceWindows.list()]);
    this.#mute = createMuteCheck(silences, windows);
    if (evaluate) {
      await this.#loadRules();
      const results = await evaluateRules(this.#rules, source, now);
      const changed = this.#tracker.apply(results, now);
      transitions = changed.length;
      if (transitions > 0) await store.saveAlertState(this.#tracker.snapshot(), now);
      this.#grouper.ingest(this.#tracker.listNotifiable(), now);
    }
    const routing = await this.loadRouting();
    const lookup = this.alertLookup();
    // Before any flush or escalation step: an incident whose alerts all cleared at this evaluation closes now,
    // and its group forgets them, so the grid neither re-announces them nor dedups a re-fire.
    let resolutions = 0;
    if (evaluate) {
      const settled = await incidents.resolveRecovered(now, routing, lookup);
      for (const key of settled) this.#grouper.settle(key);
      resolutions = settled.length;
    }
    const groups = this.#grouper.flush(now);
    for (const g of groups) await incidents.handleGroup(g, now, routing, lookup);
    const escalationActions = await incidents.tickEscalations(now, routing, lookup);
    // A failed digest must not stop alerting; the next round tries again for the pairs not yet recorded.
    if (this.options.digest)
      await this.options.digest.runIfDue(now, routing).catch((err: unknown) => this.options.onError?.(err));
    const alerts = this.#tracker.list();
    this.#lastRound = {
      at: now,
      rules: this.#rules.length,
      firing: alerts.filter((a) => a.state === 'firing').length,
      pending: alerts.filter((a) => a.state === 'pending').length,
      transitions,
      notifications: groups.length + resolutions,
      escalationActions,
      durationMs: performance.now() - started,
    };
    return this.#lastRound;
  }

  async #loadRules(): Promise<void> {
    const revision = await this.options.store.rulesRevision();
    if (revision === this.#rulesRevision) return;
    // Keep the same objects for unchanged rules: evaluation caches compiled rules per object.
    const previous = this.#rulesById;
    const next = (await this.options.store.listRules()).map((s) => {
      const old = previous.get(s.rule.id);
      return old && JSON.stringify(old) === JSON.stringify(s.rule) ? old : s.rule;
    });
    this.#rules = next;
    this.#rulesById = new Map(next.map((r) => [r.id, r]));
    this.#rulesRevision = revision;
  }

  #serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn, fn);
    this.#chain = run.catch(() => {});
    return run;
  }

  #schedule(delayMs: number): void {
    if (!this.#isRunning) return;
    this.#timer = setTimeout(() => void this.#loop(), Math.max(0, delayMs));
    this.#timer.unref();
  }

  // Evaluate on the interval grid; in between, wake for group flushes and escalation steps that fall due.
  async #loop(): Promise<void> {
    try {
      await this.runDue(this.options.now());
    } catch (err) {
      this.options.onError?.(err);
    }
    const wake = await this.nextWakeAt(this.options.now()).catch(() => this.options.now() + this.intervalMs);
    this.#schedule(wake - this.options.now());
  }
}
