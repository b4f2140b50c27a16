import type {
  AlertingStore,
  EventStore,
  InfraMetricStore,
  InboxStore,
  ReferenceStore,
  RollupStore,
  RuleChangeStore,
  SecuritySignalStore,
} from '../../storage/index.js';
import type { GroupingOptions } from '../evaluation/notification-grouper.js';
import type { AlertGroupHandler, RoundJob } from './alert-rounds.js';
import { AlertingScheduler, DEFAULT_EVAL_INTERVAL_MS } from './alerting-scheduler.js';
import type { BudgetStatusReader } from './budget-metric-source.js';
import type { LookupFunction } from 'node:net';
import type { DeliveryFetch } from '../channels/guarded-fetch.js';
import { DeliveryDispatcher } from './delivery-dispatcher.js';
import { RollupMetricSource } from './rollup-metric-source.js';
import { RuleHistory } from './rule-history.js';

/** The settings alerting reads (config keys `alertEvalIntervalMs` and `retentionDays`, in ms). */
export interface AlertingConfig {
  /** 0 = no timer: rounds run only through evaluateOnce (tests). Default 30 s. */
  intervalMs?: number;
  /** How long raw events are kept; window edges older than that read minute cells. Default 30 days. */
  rawRetentionMs?: number;
  grouping?: Omit<GroupingOptions, 'isMuted'>;
  /** Per-delivery time limit including retries. Default 120 s. */
  deliveryTimeoutMs?: number;
}

export interface AlertingServiceOptions {
  /** `references` feeds `drift.share` and `quality.missingRate` (without it they have no reference). */
  /** `events` (raw events) makes rule windows exact to the millisecond; without it they read whole minutes. */
  store: {
    alerting: AlertingStore;
    rollups: RollupStore;
    ruleChanges: RuleChangeStore;
    references?: ReferenceStore;
    events?: EventStore;
    /** Infrastructure metrics, for `infra.*` rules (absent: they have no data). */
    infra?: InfraMetricStore;
    /** Security signals per minute, for the `security.*` metrics (without it they have no data). */
    securitySignals?: SecuritySignalStore;
  };
  now: () => number;
  config?: AlertingConfig;
  /** Delivers notifications to channels; one is made when not given ({@link createDeliveryDispatcher}). */
  dispatcher?: DeliveryDispatcher;
  /** Takes each round's alert groups: the incidents stage (incidents/). */
  incidents: AlertGroupHandler;
  /** Checked at the end of every round: the daily digest. */
  digest?: RoundJob;
  /** Budget statuses as of a time, for `budget.spentRatio` / `budget.forecastRatio` rules (without it they have no data). */
  budgets?: BudgetStatusReader;
  onError?: (err: unknown) => void;
}

/** Everything the alerting API and lifecycle need, wired once. */
export interface AlertingService {
  store: AlertingStore;
  rollups: RollupStore;
  /** Stored drift references, for drift.share rules (absent when the store has none). */
  references: ReferenceStore | null;
  /** Infrastructure metrics, for previews of infra.* rules (absent when the store has none). */
  infra: InfraMetricStore | null;
  scheduler: AlertingScheduler;
  /** Rule writes recorded in the rule change history. */
  rules: RuleHistory;
  dispatcher: DeliveryDispatcher;
  /** Evaluation step (also the preview step), ms. */
  evalStepMs: number;
  now: () => number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Another node runs the rounds: list the alert states it saved (features/background-leader.ts). */
  follow(): void;
}

/**
 * The channel dispatcher, which the incidents stage needs before the alerting service exists. `inbox` is where
 * the built-in inbox channel keeps messages; without it, inbox channels fail their deliveries.
 * @example const dispatcher = createDeliveryDispatcher(store.alerting, { now: Date.now });
 */
export function createDeliveryDispatcher(
  store: AlertingStore,
  options: {
    now: () => number;
    timeoutMs?: number;
    inbox?: InboxStore | null;
    fetch?: DeliveryFetch;
    lookup?: LookupFunction;
  },
): DeliveryDispatcher {
  return new DeliveryDispatcher(store, { ...options, inbox: options.inbox ?? null });
}

/**
 * Wires the rollup metric source and the scheduler, which hands alert groups to `incidents`.
 * @example
 * const alerting = createAlertingService({ store, now: Date.now, config: { intervalMs: 30_000 }, incidents, digest });
 * await alerting.start();   // restores alert states, starts the evaluation timer
 */
export function createAlertingService(options: AlertingServiceOptions): AlertingService {
  const store = options.store.alerting;
  const config = options.config ?? {};
  const dispatcher =
    options.dispatcher ?? createDeliveryDispatcher(store, { now: options.now, timeoutMs: config.deliveryTimeoutMs });
  const scheduler = new AlertingScheduler({
    store,
    source: new RollupMetricSource(
      options.store.rollups,
      options.store.references ?? null,
      options.budgets ?? null,
      options.store.events
        ? { events: options.store.events, retentionMs: config.rawRetentionMs ?? 30 * 86_400_000 }
        : null,
      options.store.infra ?? null,
      options.store.securitySignals ?? null,
    ),
    incidents: options.incidents,
    now: options.now,
    intervalMs: config.intervalMs,
    grouping: config.grouping,
    digest: options.digest,
    onError: options.onError,
  });
  return {
    store,
    rollups: options.store.rollups,
    references: options.store.references ?? null,
    infra: options.store.infra ?? null,
    scheduler,
    rules: new RuleHistory(store, options.store.ruleChanges),
    dispatcher,
    evalStepMs: config.intervalMs && config.intervalMs > 0 ? config.intervalMs : DEFAULT_EVAL_INTERVAL_MS,
    now: options.now,
    async start() {
      await scheduler.restore();
      scheduler.start();
    },
    stop: () => scheduler.stop(),
    follow: () => scheduler.follow(),
  };
}
