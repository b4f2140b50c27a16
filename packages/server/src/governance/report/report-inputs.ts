import { parseRoiInput, RoiInputError } from '../roi/index.js';
import type { MeasuredRoiInputs } from './measured-roi.js';

/** The executive report's stored inputs: the deck-style calculator input and the money the measured view needs. */
export interface ReportInputs {
  /** Any `POST /api/v1/roi/calculate` body. */
  calculator?: unknown;
  measured?: MeasuredRoiInputs;
}

const MEASURED_KEYS: ReadonlyArray<keyof MeasuredRoiInputs> = [
  'costPerIncidentUsd',
  'costPerHourUsd',
  'vigilRunningCostPerYearUsd',
  'implementationUsd',
  'trainingUsd',
  'baselineMttrMinutes',
];

/**
 * Checks report inputs before they are stored; throws {@link RoiInputError} naming the field.
 * @example parseReportInputs({ measured: { costPerIncidentUsd: 75000, vigilRunningCostPerYearUsd: 22000 } })
 */
export function parseReportInputs(raw: unknown): ReportInputs {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new RoiInputError('(input)', 'must be an object with calculator and/or measured');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'calculator' && k !== 'measured');
  if (unknown.length) throw new RoiInputError(unknown[0]!, 'is not a known field (known: calculator, measured)');
  const out: ReportInputs = {};
  if (o.calculator !== undefined && o.calculator !== null) {
    try {
      parseRoiInput(o.calculator);
    } catch (err) {
      if (err instanceof RoiInputError)
        throw new RoiInputError(`calculator.${err.field}`, err.message.slice(err.field.length + 2));
      throw err;
    }
    out.calculator = o.calculator;
  }
  if (o.measured !== undefined && o.measured !== null) {
    if (typeof o.measured !== 'object' || Array.isArray(o.measured))
      throw new RoiInputError('measured', 'must be an object');
    const m = o.measured as Record<string, unknown>;
    const measured: MeasuredRoiInputs = {};
    for (const [k, v] of Object.entries(m)) {
      if (!(MEASURED_KEYS as readonly string[]).includes(k))
        throw new RoiInputError(`measured.${k}`, `is not a known field (known: ${MEASURED_KEYS.join(', ')})`);
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new RoiInputError(`measured.${k}`, 'must be a number of USD >= 0');
      measured[k as keyof MeasuredRoiInputs] = v;
    }
    out.measured = measured;
  }
  return out;
}
