import type { AlertingStore } from './alerting-store.js';
import type { EventStore, InboxStore, ReferenceStore, RollupStore } from '../../storage/index.js';
import { AlertingScheduler, DEFAULT_EVAL_INTERVAL_MS } from './alerting-scheduler.js';
import { DailyDigestJob } from './daily-digest-job.js';
import { DeliveryDispatcher } from './delivery-dispatcher.js';
import { IncidentManager, type ExternalUrl } from './incident-manager.js';
import { RollupMetricSource } from './rollup-metric-source.js';
import type { BudgetStatusReader } from './budget-metric-source.js';
import type { GroupingOptions } from '../evaluation/notification-grouper.js';
import type { EscalationPolicy } from '../escalation/escalation-machine.js';

export interface AlertingServiceOptions {
  /** `references` feeds `drift.share` and `quality.missingRate` (without it they have no reference). */
  /** `events` (raw events) makes rule windows exact to the millisecond; without it they read whole minutes. */
  store: {
    alerting: AlertingStore;
    rollups: RollupStore;
    references?: ReferenceStore;
    events?: EventStore;
    /** Where the built-in inbox channel keeps messages; without it, inbox channels fail their deliveries. */
    inbox?: InboxStore;
  };
  /** How long raw events are kept (config `retentionDays`); window edges older than that read minute cells. Default 30 days. */
  rawRetentionMs?: number;
  /** Budget statuses as of a time, for `budget.spentRatio` / `budget.forecastRatio` rules (without it they have no data). */
  budgets?: BudgetStatusReader;
  now: () => number;
  /** 0 = no timer: rounds run only through evaluateOnce (tests). Default 30 s. */
  intervalMs?: number;
  /** Base URL of this Vigil for links in notifications. */
  externalUrl?: ExternalUrl;
  grouping?: Omit<GroupingOptions, 'isMuted'>;
  policy?: EscalationPolicy;
  /** UTC hour (0–23) of the daily INFORMED/REVIEW digest. Default 8. */
  digestHourUtc?: number;
  /** Per-delivery time limit including retries. Default 120 s. */
  deliveryTimeoutMs?: number;
  onError?: (err: unknown) => void;
}

/** Everything the alerting API and lifecycle need, wired once. */
export interface AlertingService {
  store: AlertingStore;
  rollups: RollupStore;
  /** Stored drift references, for drift.share rules (absent when the store has none). */
  references: ReferenceStore | null;
  scheduler: AlertingScheduler;
  incidents: IncidentManager;
  dispatcher: DeliveryDispatcher;
  digest: DailyDigestJob;
  /** Evaluation step (also the preview step), ms. */
  evalStepMs: number;
  now: () => number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires the rollup metric source, delivery dispatcher, incident manager and scheduler.
 * @example
 * const alerting = createAlertingService({ store, now: Date.now });
 * await alerting.start();   // restores alert states, starts the evaluation timer
 */
export function createAlertingService(options: AlertingServiceOptions): AlertingService {
  const store = options.store.alerting;
  const dispatcher = new DeliveryDispatcher(store, {
    now: options.now,
    timeoutMs: options.deliveryTimeoutMs,
    inbox: options.store.inbox ?? null,
  });
  const incidents = new IncidentManager(store, dispatcher, {
    now: options.now,
    externalUrl: options.externalUrl,
    policy: options.policy,
  });
  const digest = new DailyDigestJob(store, dispatcher, {
    hourUtc: options.digestHourUtc,
    externalUrl: options.externalUrl,
  });
  const scheduler = new AlertingScheduler({
    store,
    source: new RollupMetricSource(
      options.store.rollups,
      options.store.references ?? null,
      options.budgets ?? null,
      options.store.events
        ? { events: options.store.events, retentionMs: options.rawRetentionMs ?? 30 * 86_400_000 }
        : null,
    ),
    incidents,
    now: options.now,
    intervalMs: options.intervalMs,
    grouping: options.grouping,
    digest,
    onError: options.onError,
  });
  return {
    store,
    rollups: options.store.rollups,
    references: options.store.references ?? null,
    scheduler,
    incidents,
    dispatcher,
    digest,
    evalStepMs: options.intervalMs && options.intervalMs > 0 ? options.intervalMs : DEFAULT_EVAL_INTERVAL_MS,
    now: options.now,
    async start() {
      await scheduler.restore();
      scheduler.start();
    },
    stop: () => scheduler.stop(),
  };
}
