import { VigilError } from '../../errors/index.js';
import type { Store } from '../../storage/index.js';
import { calculateRoi, parseRoiInput, RoiInputError, type RoiResult } from '../roi/index.js';
import { scheduleCoverageSnapshots, type JobLog } from './coverage-snapshot-job.js';
import { createScorecardService, type ScorecardService } from './scorecard-service.js';
import { createUseCaseService, type UseCaseService } from './use-case-service.js';

export interface GovernanceServiceOptions {
  store: Store;
  now: () => number;
  /** Where the daily coverage snapshot reports. */
  log: JobLog;
}

/** Governance: the use-case registry and intake, the ROI calculator, the scorecard and its coverage trend. */
export interface GovernanceService {
  useCases: UseCaseService;
  scorecards: ScorecardService;
  /** The ROI calculator over one scenario or `scenarios: [...]`; a bad input is a VIGIL_ERR_VALIDATION naming the field. */
  calculateRoi(body: unknown): RoiResult[];
  /** Starts the daily coverage snapshot (at once, then hourly checks). */
  start(): void;
  /** Stops it, waiting for a snapshot in progress. */
  stop(): Promise<void>;
}

/**
 * @example
 * const governance = createGovernanceService({ store, now: Date.now, log: app.log });
 * governance.start(); … await governance.stop();
 */
export function createGovernanceService(options: GovernanceServiceOptions): GovernanceService {
  const { store, now, log } = options;
  const scorecards = createScorecardService({ store, now });
  let stopSnapshots: (() => Promise<void>) | undefined;
  return {
    useCases: createUseCaseService({ store, now }),
    scorecards,
    calculateRoi(body) {
      try {
        return parseRoiInput(body).map(calculateRoi);
      } catch (err) {
        if (err instanceof RoiInputError) throw new VigilError('VIGIL_ERR_VALIDATION', `body.${err.message}`);
        throw err;
      }
    },
    start() {
      stopSnapshots = scheduleCoverageSnapshots(store, { now, log, scorecards });
    },
    async stop() {
      await stopSnapshots?.();
    },
  };
}
