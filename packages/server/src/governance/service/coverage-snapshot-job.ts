import type { Store } from '../../storage/index.js';
import { snapshotCoverage, startOfUtcDay, type CoverageSnapshot } from '../scorecard/index.js';
import { createScorecardService, type ScorecardService } from './scorecard-service.js';

/** Where the job reports: a snapshot stored, a check that failed. */
export interface JobLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

const CHECK_INTERVAL_MS = 3_600_000;

/**
 * Records coverage once per UTC day, so the scorecard has a coverage trend: the first check of a day with
 * no stored snapshot computes coverage exactly as `GET /api/v1/scorecard` does and stores it. Checks run at
 * start-up and every hour, so a day's snapshot is normally taken in its first hour (or at start-up). A day
 * already stored is left alone, unless its snapshot found nothing to cover (a new install before its first use
 * case or traffic): that day is checked again until it has a value. Storing a day again replaces its row, so
 * there is never more than one.
 * @example
 * const job = new CoverageSnapshotJob(store);
 * await job.runIfDue(Date.now()); // the snapshot written, or null when today's exists
 */
export class CoverageSnapshotJob {
  #doneDayMs: number | null = null;
  readonly #scorecards: ScorecardService;

  constructor(
    private readonly store: Store,
    scorecards?: ScorecardService,
  ) {
    this.#scorecards = scorecards ?? createScorecardService({ store, now: Date.now });
  }

  /** Computes and stores the snapshot of the day of `nowMs` unless that day has one that found something to cover. */
  async runIfDue(nowMs: number): Promise<CoverageSnapshot | null> {
    const dayMs = startOfUtcDay(nowMs);
    if (this.#doneDayMs === dayMs) return null;
    const stored = await this.store.governance.listCoverageSnapshots(dayMs, dayMs + 1);
    if (stored.some((s) => s.total > 0)) {
      this.#doneDayMs = dayMs;
      return null;
    }
    const snapshot = snapshotCoverage(await this.#scorecards.coverageFacts(nowMs));
    if (stored.length > 0 && snapshot.total === 0) return null;
    await this.store.governance.putCoverageSnapshot(snapshot);
    if (snapshot.total > 0) this.#doneDayMs = dayMs;
    return snapshot;
  }
}

/** Runs the job at start-up and every hour; returns `stop`, which waits for a check in progress. */
export function scheduleCoverageSnapshots(
  store: Store,
  opts: { now: () => number; log: JobLog; scorecards?: ScorecardService },
): () => Promise<void> {
  const job = new CoverageSnapshotJob(store, opts.scorecards);
  let running: Promise<void> | null = null;
  const run = () => {
    // One check at a time: a slow one (many use cases) must not overlap the next.
    running ??= job
      .runIfDue(opts.now())
      .then(
        (s) => {
          if (s)
            opts.log.info(
              { day: new Date(s.dayMs).toISOString().slice(0, 10), counted: s.counted, total: s.total },
              'coverage snapshot stored',
            );
        },
        (err: unknown) => opts.log.error({ err }, 'coverage snapshot failed; retrying next hour'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, CHECK_INTERVAL_MS);
  timer.unref();
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
