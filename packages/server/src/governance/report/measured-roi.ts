import { calculateRoi, parseRoiInput, type RoiResult } from '../roi/index.js';
import { computeMttr, type IncidentRecord } from '../../incidents/escalation/incident-metrics.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YEAR_DAYS = 365;

/** What the measured ROI needs that Vigil cannot observe: money. USD amounts. */
export interface MeasuredRoiInputs {
  /** Cost of one incident that reaches customers (revenue + reputation). */
  costPerIncidentUsd?: number;
  /** Cost of one hour of an incident (for MTTR saved). */
  costPerHourUsd?: number;
  /** What running Vigil costs a year (hosting, people time): Vigil's own running cost. */
  vigilRunningCostPerYearUsd?: number;
  implementationUsd?: number;
  trainingUsd?: number;
  /** MTTR before Vigil, minutes: the baseline unless a baseline period is passed. */
  baselineMttrMinutes?: number;
}

export interface MeasuredRoiFacts {
  periodDays: number;
  incidents: number;
  /** Resolved, not false positives, severity critical or error: caught by monitoring before customers reported them. */
  caught: number;
  caughtPerYear: number;
  /** Resolved non-false-positive incidents per year (the incidents MTTR savings apply to). */
  resolvedPerYear: number;
  mttrMinutes: number | null;
  baselineMttrMinutes: number | null;
  baseline: { from: string; to: string } | null;
  /** max(0, baseline MTTR − MTTR now), hours. */
  mttrReductionHours: number | null;
}

export interface MeasuredRoi {
  facts: MeasuredRoiFacts;
  /** Inputs still needed for an ROI figure (none when `roi` is set). */
  missing: string[];
  roi: RoiResult | null;
  notes: string[];
  caughtIncidents: Array<{ id: string; title: string; severity: string; openedAt: string; resolvedInMinutes: number }>;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const isCaught = (i: IncidentRecord) =>
  typeof i.resolvedAt === 'number' && !i.isFalsePositive && (i.severity === 'critical' || i.severity === 'error');

/**
 * The deck's ROI model filled from Vigil's own data over [fromMs, toMs): incidents caught (annualised) ×
 * cost per incident, plus resolved incidents per year × MTTR saved vs the baseline × cost per hour, against
 * Vigil's running cost. `history` is every incident known (for the baseline); `baseline` defaults to the
 * first 30 days of incident history, as the scorecard's MTTR.
 * @example computeMeasuredRoi({ history, fromMs, toMs, inputs: { costPerIncidentUsd: 75_000, vigilRunningCostPerYearUsd: 22_000 } }).roi?.roiPercent
 */
export function computeMeasuredRoi(args: {
  history: readonly IncidentRecord[];
  fromMs: number;
  toMs: number;
  baseline?: { fromMs: number; toMs: number };
  inputs: MeasuredRoiInputs;
}): MeasuredRoi {
  const { history, fromMs, toMs, inputs } = args;
  const periodDays = (toMs - fromMs) / DAY;
  const inPeriod = history.filter((i) => i.openedAt >= fromMs && i.openedAt < toMs);
  const caught = inPeriod.filter(isCaught);
  const resolved = inPeriod.filter((i) => typeof i.resolvedAt === 'number' && !i.isFalsePositive);
  const perYear = (n: number) => round((n * YEAR_DAYS) / periodDays);
  const stated = args.baseline === undefined ? inputs.baselineMttrMinutes : undefined;
  // The first 30 days of history, ending at the latest where the measured period starts: never overlapping it.
  const first = history.length ? Math.min(...history.map((i) => i.openedAt)) : null;
  const bl =
    stated !== undefined
      ? null
      : (args.baseline ??
        (first !== null && first < fromMs ? { fromMs: first, toMs: Math.min(first + 30 * DAY, fromMs) } : null));
  const baselineMttr =
    stated !== undefined
      ? stated * 60_000
      : bl
        ? computeMttr(history.filter((i) => i.openedAt >= bl.fromMs && i.openedAt < bl.toMs))
        : null;
  const mttr = computeMttr(inPeriod);
  const reductionHours =
    baselineMttr !== null && mttr !== null ? round(Math.max(0, baselineMttr - mttr) / HOUR, 4) : null;
  const facts: MeasuredRoiFacts = {
    periodDays: round(periodDays, 4),
    incidents: inPeriod.length,
    caught: caught.length,
    caughtPerYear: perYear(caught.length),
    resolvedPerYear: perYear(resolved.length),
    mttrMinutes: mttr === null ? null : round(mttr / 60_000, 1),
    baselineMttrMinutes: baselineMttr === null ? null : round(baselineMttr / 60_000, 1),
    baseline: bl ? { from: new Date(bl.fromMs).toISOString(), to: new Date(bl.toMs).toISOString() } : null,
    mttrReductionHours: reductionHours,
  };
  const notes = [
    `incidents caught = resolved, not false positive, severity critical or error, opened in the period; annualised × ${YEAR_DAYS} ÷ ${facts.periodDays} days`,
  ];
  const missing: string[] = [];
  if (!inputs.vigilRunningCostPerYearUsd && !inputs.implementationUsd && !inputs.trainingUsd)
    missing.push('measured.vigilRunningCostPerYearUsd (Vigil’s own running cost)');
  if (inputs.costPerIncidentUsd === undefined) missing.push('measured.costPerIncidentUsd');
  const benefits: Record<string, unknown> = {};
  if (inputs.costPerIncidentUsd !== undefined && facts.caughtPerYear > 0)
    benefits.incidentPrevention = {
      incidentsPrevented: facts.caughtPerYear,
      costPerIncident: inputs.costPerIncidentUsd,
    };
  if (stated !== undefined) notes.push(`baseline: the stated MTTR before Vigil, ${stated} min`);
  if (reductionHours === null)
    notes.push(
      baselineMttr === null
        ? 'MTTR saved not counted: no resolved incidents in the baseline period (the first 30 days of incident history before this period); state the MTTR before Vigil as measured.baselineMttrMinutes'
        : 'MTTR saved not counted: no incident opened in this period was resolved yet, so there is no MTTR to compare with the baseline',
    );
  else if (reductionHours === 0) notes.push('MTTR saved not counted: MTTR now is not below the baseline');
  else if (inputs.costPerHourUsd === undefined) missing.push('measured.costPerHourUsd (for MTTR saved)');
  else if (facts.resolvedPerYear > 0)
    benefits.fasterResolution = {
      incidentsPerYear: facts.resolvedPerYear,
      mttrReductionHours: reductionHours,
      costPerHour: inputs.costPerHourUsd,
    };
  const caughtIncidents = caught.map((i) => ({
    id: i.id,
    title: i.title ?? i.id,
    severity: i.severity,
    openedAt: new Date(i.openedAt).toISOString(),
    resolvedInMinutes: round(((i.resolvedAt as number) - i.openedAt) / 60_000, 1),
  }));
  if (missing.length) return { facts, missing, roi: null, notes, caughtIncidents };
  const [scenario] = parseRoiInput({
    name: 'measured',
    annualCosts: { running: inputs.vigilRunningCostPerYearUsd ?? 0 },
    oneTimeCosts: { implementation: inputs.implementationUsd ?? 0, training: inputs.trainingUsd ?? 0 },
    benefits,
  });
  return { facts, missing, roi: calculateRoi(scenario!), notes, caughtIncidents };
}
