import type { Scorecard } from '@vigil/protocol';
import type { Store } from '../../storage/index.js';
import type { IncidentRecord } from '../../incidents/index.js';
import { computeCheckpoints, MONITORING_CHECKPOINTS } from '../intake/index.js';
import {
  computeScorecard,
  startOfUtcDay,
  TREND_WINDOW_MS,
  type CoverageSnapshot,
  type ScorecardInput,
  type ScorecardUseCase,
} from '../scorecard/index.js';
import { gatherFacts, readAlertingFacts, readSeenModels } from './observed-facts.js';

const DAY = 86_400_000;

/** An MTTR baseline period; without one the scorecard takes the first incidents. */
export interface Baseline {
  fromMs: number;
  toMs: number;
}

/** The deck's success metrics and the stored coverage trend (docs/governance.md, "Scorecard"). */
export interface ScorecardService {
  /** The scorecard as of now: use cases, traffic, coverage snapshots and incidents. */
  scorecard(baseline?: Baseline): Promise<Scorecard>;
  /** Stored daily coverage snapshots with their day in [fromMs, toMs), oldest first. */
  coverageHistory(fromMs: number, toMs: number): Promise<CoverageSnapshot[]>;
  /** What coverage is computed from, as of `nowMs` (the coverage snapshot job stores the same). */
  coverageFacts(nowMs: number): Promise<Pick<ScorecardInput, 'nowMs' | 'useCases' | 'trafficModels'>>;
}

/**
 * @example
 * const scorecards = createScorecardService({ store, now: Date.now });
 * (await scorecards.scorecard()).metrics.find((m) => m.key === 'coverage');
 */
export function createScorecardService(deps: { store: Store; now: () => number }): ScorecardService {
  const { store, now } = deps;

  async function coverageFacts(nowMs: number): Promise<Pick<ScorecardInput, 'nowMs' | 'useCases' | 'trafficModels'>> {
    const [records, seenModels, alerting] = await Promise.all([
      store.governance.listUseCases(),
      readSeenModels(store),
      readAlertingFacts(store),
    ]);
    const useCases: ScorecardUseCase[] = [];
    for (const uc of records) {
      const checkpoints = computeCheckpoints(uc, await gatherFacts(store, uc, nowMs, { seenModels, alerting }));
      const monitoring = checkpoints.filter((c) => (MONITORING_CHECKPOINTS as readonly string[]).includes(c.key));
      useCases.push({
        id: uc.id,
        name: uc.spec.name,
        stage: uc.stage,
        isThroughIntake: uc.isThroughIntake,
        createdAtMs: uc.createdAtMs,
        models: uc.spec.models,
        isFullyMonitored: monitoring.every((c) => c.isMet),
        missing: monitoring.filter((c) => !c.isMet).flatMap((c) => c.missing.map((m) => `${c.key}: ${m}`)),
      });
    }
    const trafficModels = [...seenModels.entries()]
      .filter(([, m]) => m.lastSeen >= nowMs - 30 * DAY)
      .map(([model, m]) => ({ model, firstSeen: m.firstSeen, lastSeen: m.lastSeen }));
    return { nowMs, useCases, trafficModels };
  }

  /** Incidents of the last 400 days, for MTTR and the false-positive rate. */
  async function readIncidentRecords(nowMs: number): Promise<IncidentRecord[]> {
    const list = await store.alerting.listIncidents({ from: nowMs - 400 * DAY, to: nowMs + 1, limit: 100_000 });
    return list.map((i) => ({
      id: i.id,
      title: i.title,
      area: i.area,
      team: i.team,
      model: i.model,
      severity: i.severity,
      openedAt: i.openedAt,
      acknowledgedAt: i.acknowledgedAt,
      resolvedAt: i.resolvedAt,
      isFalsePositive: i.isFalsePositive,
    }));
  }

  return {
    async scorecard(baseline) {
      const nowMs = now();
      const [facts, coverageHistory, incidents, inputs] = await Promise.all([
        coverageFacts(nowMs),
        store.governance.listCoverageSnapshots(nowMs - TREND_WINDOW_MS, nowMs + 1),
        readIncidentRecords(nowMs),
        store.cost.getRoiInputs(),
      ]);
      // An MTTR before Vigil stated with the ROI inputs (measured.baselineMttrMinutes) is used when given.
      const stated = (inputs?.inputs as { measured?: { baselineMttrMinutes?: number } } | undefined)?.measured
        ?.baselineMttrMinutes;
      return computeScorecard({ ...facts, incidents, baseline, coverageHistory, statedBaselineMttrMinutes: stated });
    },
    coverageHistory: (fromMs, toMs) => store.governance.listCoverageSnapshots(startOfUtcDay(fromMs), toMs),
    coverageFacts,
  };
}
