import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../storage/index.js';
import type { FeatureLifecycle } from './feature-context.js';

/** The lease the node doing the background work holds. */
export const BACKGROUND_LEASE = 'background';

export interface BackgroundLeaderOptions {
  store: Store;
  /** The background work: alert evaluation with escalation, deliveries and digests; retention; snapshots. */
  jobs: FeatureLifecycle[];
  /** Work every node does on each check (taking over dead nodes' writers). */
  everyCheck?: () => Promise<unknown>;
  checkIntervalMs: number;
  log: FastifyBaseLogger;
}

/**
 * Runs the background work on exactly one node. Every `checkIntervalMs` each node tries the background lease
 * (`store.cluster`: an advisory lock on PostgreSQL, always granted on SQLite); the holder starts the jobs, the
 * others keep them off (`follow`: answer reads from the store). A holder that loses the lease — its session to
 * the database broke — stops them at its next check, and whoever takes the lease starts them: when a node dies
 * its lock goes with its session, so another takes over within one check interval. The jobs restore their state
 * from the store when they start (alert states, incidents with their escalation timers, digests already sent).
 */
export class BackgroundLeader {
  private timer: NodeJS.Timeout | undefined;
  private isLeading = false;
  private isStopped = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly opts: BackgroundLeaderOptions) {}

  get leading(): boolean {
    return this.isLeading;
  }

  /** Checks once (so on SQLite the jobs run before this resolves), then on the interval. */
  async start(): Promise<void> {
    for (const j of this.opts.jobs) await j.follow?.();
    await this.check();
    this.timer = setInterval(() => {
      this.check().catch((err: unknown) => this.opts.log.error({ err }, 'background lease check failed; retrying'));
    }, this.opts.checkIntervalMs);
    this.timer.unref();
  }

  check(): Promise<void> {
    const run = this.chain.then(() => this.checkOnce());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async checkOnce(): Promise<void> {
    if (this.isStopped) return;
    const { store, log } = this.opts;
    if (this.isLeading && !store.cluster.holdsLease(BACKGROUND_LEASE)) {
      log.warn('lost the background lease: stopping background work here; another node takes it over');
      this.isLeading = false;
      await this.stopJobs();
    }
    if (this.opts.everyCheck)
      await this.opts
        .everyCheck()
        .catch((err: unknown) => log.error({ err }, 'taking over a dead node failed; retrying'));
    if (!this.isLeading) {
      const isGranted = await store.cluster.tryLease(BACKGROUND_LEASE).catch(() => false);
      if (!isGranted || this.isStopped) return;
      this.isLeading = true;
      if (store.kind !== 'sqlite')
        log.info('holding the background lease: running alert evaluation and background jobs');
      for (const j of this.opts.jobs) await j.start?.();
    }
  }

  private async stopJobs(): Promise<void> {
    for (const j of [...this.opts.jobs].reverse()) await j.stop?.();
    for (const j of this.opts.jobs) await j.follow?.();
  }

  /** Stops the checks and the jobs, and hands the lease back so another node takes over at once. */
  async stop(): Promise<void> {
    this.isStopped = true;
    clearInterval(this.timer);
    await this.chain;
    if (this.isLeading) {
      this.isLeading = false;
      for (const j of [...this.opts.jobs].reverse()) await j.stop?.();
      await this.opts.store.cluster.releaseLease(BACKGROUND_LEASE).catch(() => undefined);
    }
  }
}
