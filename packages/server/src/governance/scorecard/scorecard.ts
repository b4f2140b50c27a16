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
  /** MTTR baseline period; default: the first 30 days of incident history. */
  baseline?: { fromMs: number; toMs: number };
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

function coverageItems(input: Pick<ScorecardInput, 'useCases' | 'trafficModels'>): Metric['items'] {
  const prod = input.useCases.filter((u) => u.stage === 'production');
  const live = input.useCases.filter((u) => u.stage !== 'retired');
  const items: Metric['items'] = prod.map((u) => ({
    id: `use-case:${u.id}`,
    label: u.name,
    isCounted: u.isFullyMonitored,
    note: u.isFullyMonitored ? 'fully monitored' : `missing: ${u.missing.join('; ')}`,
  }));
  for (const m of input.trafficModels) {
    const owners = live.filter((u) => u.models.includes(m.model));
    const monitored = owners.some((u) => u.isFullyMonitored);
    items.push({
      id: `model:${m.model}`,
      label: m.model,
      isCounted: monitored,
      note:
        owners.length === 0
          ? 'shadow AI: seen in traffic, registered to no use case'
          : monitored
            ? `monitored through ${owners
                .filter((u) => u.isFullyMonitored)
                .map((u) => u.id)
                .join(', ')}`
            : `use case ${owners.map((u) => u.id).join(', ')} not fully monitored`,
    });
  }
  return items;
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
    detail: `${items.filter((i) => i.isCounted).length} of ${items.length} (production use cases and models seen in traffic in the last 30 days)`,
    // Coverage is a state, not an event stream: its history is the daily snapshots stored, one point each.
    trend: coverageTrend(input.coverageHistory ?? [], input.nowMs - TREND_WINDOW_MS, input.nowMs + 1),
    items,
  };
}

function adoptionMetric(input: ScorecardInput): Metric {
  const shadow = findShadowModels(input);
  const counted = (from: number, to: number) => {
    const cases = input.useCases.filter((u) => u.createdAtMs >= from && u.createdAtMs < to);
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
    detail: `${cases.filter((u) => u.isThroughIntake).length} of ${cases.length + shadows.length} new in the last 180 days (use cases registered, plus models first seen in traffic with no use case)`,
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
  const first = Math.min(...inc.map((i) => i.openedAt));
  const bl = input.baseline ?? { fromMs: first, toMs: first + PERIOD };
  const inWindow = (from: number, to: number) => inc.filter((i) => i.openedAt >= from && i.openedAt < to);
  const baseline = computeMttr(inWindow(bl.fromMs, bl.toMs));
  const recent = inWindow(input.nowMs - PERIOD, input.nowMs + 1);
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
      detail: `baseline ${iso(bl.fromMs)} – ${iso(bl.toMs)}`,
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
    detail: `last 30 days ${toMin(current)} min vs baseline ${toMin(baseline)} min (${iso(bl.fromMs)} – ${iso(bl.toMs)}): ${round((current / baseline - 1) * 100, 1)} %; target ≤ ${toMin(baseline * TARGETS.mttrReduction)} min`,
    trend,
    items: incidentItems(recent),
  };
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
