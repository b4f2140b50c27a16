import type { Scorecard } from '@vigil/protocol';
import {
  computeFalsePositiveRate,
  computeMttr,
  type IncidentRecord,
} from '../../incidents/escalation/incident-metrics.js';
import { coverageTrend, startOfUtcDay, type CoverageSnapshot } from './coverage-history.js';

type Metric = Scorecard['metrics'][number];

export interface ScorecardUseCase {
  id: string;
  name: string;
  stage: string;
  isThroughIntake: boolean;
  createdAtMs: number;
  models: string[];
  /** Events, signals, alert rules and latency SLO checkpoints all met now. */
  isFullyMonitored: boolean;
  missing: string[];
}

export interface ScorecardInput {
  nowMs: number;
  useCases: ScorecardUseCase[];
  /** Models seen in traffic within the lookback. */
  trafficModels: Array<{ model: string; firstSeen: number; lastSeen: number }>;
  /** Null when there is no alerting store: incident metrics then say so instead of inventing a value. */
  incidents: IncidentRecord[] | null;
  /**
   * MTTR baseline period; default: the first 30 days of incident history, ending at the latest where the
   * current 30-day period starts (a baseline never overlaps what it is compared with, nor ends in the future).
   */
  baseline?: { fromMs: number; toMs: number };
  /**
   * MTTR before Vigil, in minutes, as stated in the report inputs (`measured.baselineMttrMinutes`): the deck's
   * "−50 % in 6 months" is measured against it. Used unless a baseline period is given.
   */
  statedBaselineMttrMinutes?: number;
  /** Stored daily coverage snapshots: the coverage trend. Absent or empty: no trend. */
  coverageHistory?: ReadonlyArray<Pick<CoverageSnapshot, 'dayMs' | 'ratio'>>;
}

const DAY = 86_400_000;
const PERIOD = 30 * DAY;
const TREND_PERIODS = 6;
/** How far back every trend reaches: six 30-day periods. */
export const TREND_WINDOW_MS = TREND_PERIODS * PERIOD;

/** The deck's four success targets. */
export const TARGETS = { mttrReduction: 0.5, falsePositiveRate: 0.05, coverage: 1, adoption: 0.9 } as const;

function periods(nowMs: number): Array<{ from: number; to: number }> {
  return Array.from({ length: TREND_PERIODS }, (_, i) => ({
    from: nowMs - (TREND_PERIODS - i) * PERIOD,
    to: nowMs - (TREND_PERIODS - 1 - i) * PERIOD,
  }));
}

const iso = (ms: number) => new Date(ms).toISOString();
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const round = (x: number | null, digits = 4) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Models seen in traffic that no live (non-retired) use case owns: "shadow AI". */
export function findShadowModels(
  input: Pick<ScorecardInput, 'useCases' | 'trafficModels'>,
): ScorecardInput['trafficModels'] {
  const owned = new Set(input.useCases.filter((u) => u.stage !== 'retired').flatMap((u) => u.models));
  return input.trafficModels.filter((m) => !owned.has(m.model));
}

/**
 * The AI systems both coverage and adoption count, one item each, so the two never count the same system
 * differently: every live (non-retired) use case (`use-case:<id>`, its models belong to it) and every shadow
 * model (`model:<name>`: seen in traffic, owned by no live use case).
 */
export function listAiSystems(
  input: Pick<ScorecardInput, 'useCases' | 'trafficModels'>,
): Array<
  | { kind: 'use-case'; id: string; useCase: ScorecardUseCase }
  | { kind: 'shadow'; id: string; model: ScorecardInput['trafficModels'][number] }
> {
  return [
    ...input.useCases
      .filter((u) => u.stage !== 'retired')
      .map((u) => ({ kind: 'use-case' as const, id: `use-case:${u.id}`, useCase: u })),
    ...findShadowModels(input).map((m) => ({ kind: 'shadow' as const, id: `model:${m.model}`, model: m })),
  ];
}

/** Coverage counts the systems in production: production use cases and shadow models (they serve traffic). */
function coverageItems(input: Pick<ScorecardInput, 'useCases' | 'trafficModels'>): Metric['items'] {
  return listAiSystems(input).flatMap((s): Metric['items'] => {
    if (s.kind === 'shadow')
      return [
        {
          id: s.id,
          label: s.model.model,
          isCounted: false,
          note: 'shadow AI: seen in traffic, registered to no use case',
        },
      ];
    const u = s.useCase;
    if (u.stage !== 'production') return [];
    return [
      {
        id: s.id,
        label: u.name,
        isCounted: u.isFullyMonitored,
        note: u.isFullyMonitored
          ? `fully monitored (${u.models.join(', ') || 'no models'})`
          : `missing: ${u.missing.join('; ')}`,
      },
    ];
  });
}

/**
 * Today's coverage as a snapshot to store: the same items and ratio as the scorecard's coverage metric.
 * @example snapshotCoverage({ nowMs, useCases, trafficModels }) // { dayMs, takenAtMs: nowMs, counted: 3, total: 4, ratio: 0.75, uncovered: ['model:x'] }
 */
export function snapshotCoverage(
  input: Pick<ScorecardInput, 'nowMs' | 'useCases' | 'trafficModels'>,
): CoverageSnapshot {
  const items = coverageItems(input);
  const counted = items.filter((i) => i.isCounted).length;
  return {
    dayMs: startOfUtcDay(input.nowMs),
    takenAtMs: input.nowMs,
    counted,
    total: items.length,
    ratio: round(ratio(counted, items.length)),
    uncovered: items.filter((i) => !i.isCounted).map((i) => i.id),
  };
}

function coverageMetric(input: ScorecardInput): Metric {
  const items = coverageItems(input);
  const current = ratio(items.filter((i) => i.isCounted).length, items.length);
  return {
    key: 'coverage',
    title: 'Coverage: production AI systems fully monitored',
    target: '100 %',
    targetValue: TARGETS.coverage,
    current: round(current),
    unit: 'ratio',
    isOnTarget: current === null ? null : current >= TARGETS.coverage,
    status:
      current === null
        ? 'no production use cases or models in traffic'
        : current >= TARGETS.coverage
          ? 'ok'
          : 'off_target',
    detail: `${items.filter((i) => i.isCounted).length} of ${items.length} AI systems in production (production use cases, and models seen in traffic in the last 30 days that no use case owns)`,
    // Coverage is a state, not an event stream: its history is the daily snapshots stored, one point each.
    trend: coverageTrend(input.coverageHistory ?? [], input.nowMs - TREND_WINDOW_MS, input.nowMs + 1),
    items,
  };
}

function adoptionMetric(input: ScorecardInput): Metric {
  // The same systems as coverage (listAiSystems): live use cases and shadow models, here those that are new.
  const systems = listAiSystems(input);
  const live = systems.flatMap((s) => (s.kind === 'use-case' ? [s.useCase] : []));
  const shadow = systems.flatMap((s) => (s.kind === 'shadow' ? [s.model] : []));
  const counted = (from: number, to: number) => {
    const cases = live.filter((u) => u.createdAtMs >= from && u.createdAtMs < to);
    const shadows = shadow.filter((m) => m.firstSeen >= from && m.firstSeen < to);
    return {
      cases,
      shadows,
      value: ratio(cases.filter((u) => u.isThroughIntake).length, cases.length + shadows.length),
    };
  };
  const windowFrom = input.nowMs - TREND_WINDOW_MS;
  const { cases, shadows, value } = counted(windowFrom, input.nowMs + 1);
  return {
    key: 'adoption',
    title: 'Adoption: new AI projects through the intake process',
    target: '≥ 90 %',
    targetValue: TARGETS.adoption,
    current: round(value),
    unit: 'ratio',
    isOnTarget: value === null ? null : value >= TARGETS.adoption,
    status:
      value === null ? 'no new AI projects in the last 180 days' : value >= TARGETS.adoption ? 'ok' : 'off_target',
    detail: `${cases.filter((u) => u.isThroughIntake).length} of ${cases.length + shadows.length} AI systems new in the last 180 days through intake (live use cases registered, and models first seen in traffic that no use case owns)`,
    trend: periods(input.nowMs).map((p) => ({ periodStart: iso(p.from), value: round(counted(p.from, p.to).value) })),
    items: [
      ...cases.map((u) => ({
        id: `use-case:${u.id}`,
        label: u.name,
        isCounted: u.isThroughIntake,
        note: u.isThroughIntake
          ? 'entered intake at requirements'
          : `registered at stage ${u.stage}, not through intake`,
      })),
      ...shadows.map((m) => ({
        id: `model:${m.model}`,
        label: m.model,
        isCounted: false,
        note: 'shadow AI: in traffic without a use case',
      })),
    ],
  };
}

function incidentItems(list: IncidentRecord[]): Metric['items'] {
  return list.map((i) => ({
    id: `incident:${i.id}`,
    label: i.title ?? i.id,
    isCounted: typeof i.resolvedAt === 'number',
    note: `${i.severity}, ${i.area}${typeof i.resolvedAt === 'number' ? `, resolved in ${Math.round((i.resolvedAt - i.openedAt) / 60_000)} min` : ', open'}${i.isFalsePositive ? ', false positive' : ''}`,
  }));
}

function mttrMetric(input: ScorecardInput): Metric {
  const base: Metric = {
    key: 'mttr',
    title: 'MTTR vs baseline (−50 % within 6 months)',
    target: '≤ 50 % of baseline',
    targetValue: TARGETS.mttrReduction,
    current: null,
    unit: 'minutes',
    isOnTarget: null,
    status: 'no incident data',
    detail: '',
    trend: [],
    items: [],
  };
  if (!input.incidents) return { ...base, detail: 'the alerting store is not available' };
  const inc = input.incidents;
  if (inc.length === 0) return { ...base, detail: 'no incidents recorded' };
  const inWindow = (from: number, to: number) => inc.filter((i) => i.openedAt >= from && i.openedAt < to);
  const recent = inWindow(input.nowMs - PERIOD, input.nowMs + 1);
  const stated = input.baseline === undefined ? input.statedBaselineMttrMinutes : undefined;
  const bl = stated === undefined ? resolveMttrBaseline(inc, input.nowMs, input.baseline) : null;
  if (stated === undefined && bl === null)
    return {
      ...base,
      status: 'no baseline yet',
      detail: `incident history starts within the last 30 days, so there is no earlier period to compare with; state the MTTR before Vigil (report inputs: measured.baselineMttrMinutes) or pass baselineFrom/baselineTo`,
      current: computeMttr(recent) === null ? null : round(computeMttr(recent)! / 60_000, 1),
      items: incidentItems(recent),
    };
  const baseline = stated !== undefined ? stated * 60_000 : computeMttr(inWindow(bl!.fromMs, bl!.toMs));
  const baselineText = stated !== undefined ? 'stated MTTR before Vigil' : `${iso(bl!.fromMs)} – ${iso(bl!.toMs)}`;
  const current = computeMttr(recent);
  const trend = periods(input.nowMs).map((p) => ({
    periodStart: iso(p.from),
    value: round(
      computeMttr(inWindow(p.from, p.to)) === null ? null : computeMttr(inWindow(p.from, p.to))! / 60_000,
      1,
    ),
  }));
  const toMin = (ms: number | null) => (ms === null ? null : round(ms / 60_000, 1));
  if (baseline === null)
    return {
      ...base,
      status: 'no resolved incidents in the baseline period',
      detail: `baseline ${baselineText}`,
      current: toMin(current),
      trend,
      items: incidentItems(recent),
    };
  if (current === null)
    return {
      ...base,
      status: 'no resolved incidents in the last 30 days',
      detail: `baseline MTTR ${toMin(baseline)} min`,
      trend,
      items: incidentItems(recent),
    };
  const isOnTarget = current <= baseline * TARGETS.mttrReduction;
  return {
    ...base,
    current: toMin(current),
    isOnTarget,
    status: isOnTarget ? 'ok' : 'off_target',
    detail: `last 30 days ${toMin(current)} min vs baseline ${toMin(baseline)} min (${baselineText}): ${round((current / baseline - 1) * 100, 1)} %; target ≤ ${toMin(baseline * TARGETS.mttrReduction)} min`,
    trend,
    items: incidentItems(recent),
  };
}

/**
 * The MTTR baseline period: the one given, or the first 30 days of incident history — cut at the start of the
 * current 30-day period, so it never overlaps the period it is compared with nor reaches into the future.
 * Null when the history starts inside the current period.
 * @example resolveMttrBaseline(incidents, now) // { fromMs: first, toMs: min(first + 30 d, now − 30 d) } or null
 */
export function resolveMttrBaseline(
  incidents: readonly Pick<IncidentRecord, 'openedAt'>[],
  nowMs: number,
  given?: { fromMs: number; toMs: number },
): { fromMs: number; toMs: number } | null {
  if (given) return given;
  if (incidents.length === 0) return null;
  const first = Math.min(...incidents.map((i) => i.openedAt));
  const toMs = Math.min(first + PERIOD, nowMs - PERIOD);
  return toMs > first ? { fromMs: first, toMs } : null;
}

function falsePositiveMetric(input: ScorecardInput): Metric {
  const base: Metric = {
    key: 'false_positive_rate',
    title: 'False-positive rate of critical alerts',
    target: '< 5 %',
    targetValue: TARGETS.falsePositiveRate,
    current: null,
    unit: 'ratio',
    isOnTarget: null,
    status: 'no incident data',
    detail: '',
    trend: [],
    items: [],
  };
  if (!input.incidents) return { ...base, detail: 'the alerting store is not available' };
  const inc = input.incidents;
  const inWindow = (from: number, to: number) => inc.filter((i) => i.openedAt >= from && i.openedAt < to);
  const recent = inWindow(input.nowMs - PERIOD, input.nowMs + 1);
  const rate = computeFalsePositiveRate(recent);
  const critical = recent.filter((i) => i.severity === 'critical' && typeof i.resolvedAt === 'number');
  const trend = periods(input.nowMs).map((p) => ({
    periodStart: iso(p.from),
    value: round(computeFalsePositiveRate(inWindow(p.from, p.to))),
  }));
  if (rate === null)
    return {
      ...base,
      status: 'no resolved critical incidents in the last 30 days',
      detail: `${inc.length} incidents recorded`,
      trend,
    };
  return {
    ...base,
    current: round(rate),
    isOnTarget: rate < TARGETS.falsePositiveRate,
    status: rate < TARGETS.falsePositiveRate ? 'ok' : 'off_target',
    detail: `${critical.filter((i) => i.isFalsePositive).length} of ${critical.length} resolved critical incidents in the last 30 days were false positives`,
    trend,
    items: incidentItems(critical),
  };
}

/**
 * The deck's success metrics — MTTR vs baseline, false-positive rate of critical alerts, coverage,
 * adoption — each with target, current value, trend and the items behind it. Trends cover 180 days: six
 * 30-day periods for the incident metrics and adoption, one point per stored daily snapshot for coverage.
 * @example computeScorecard({ nowMs, useCases, trafficModels, incidents: null }).metrics.map((m) => m.status)
 */
export function computeScorecard(input: ScorecardInput): Scorecard {
  return {
    generatedAt: iso(input.nowMs),
    metrics: [mttrMetric(input), falsePositiveMetric(input), coverageMetric(input), adoptionMetric(input)],
    shadowModels: findShadowModels(input).map((m) => ({
      model: m.model,
      firstSeen: iso(m.firstSeen),
      lastSeen: iso(m.lastSeen),
    })),
  };
}
