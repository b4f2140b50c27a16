import { AmountParseError, dollarsToCents, parseDecimal, type Fraction } from './money.js';

/**
 * The ROI calculator's input, parsed from JSON or YAML (the same shape for `POST /api/v1/roi/calculate`
 * and `vigil roi --input FILE`). Amounts are numbers or strings such as "$120K" and "1.15M"; they become
 * integer cents here so no figure ever passes through binary floating point arithmetic.
 */

/** A line of annual benefit: a stated amount or the product of its drivers. */
export type BenefitInput =
  | { kind: 'amount'; amountCents: bigint }
  | {
      kind: 'incidents';
      incidentsPrevented: Fraction;
      costPerIncidentCents: bigint;
      revenueLossCents?: bigint;
      reputationCostCents?: bigint;
    }
  | {
      kind: 'hours';
      hoursSaved: Fraction;
      costPerHourCents: bigint;
      incidentsPerYear?: Fraction;
      mttrReductionHours?: Fraction;
    };

export const BENEFIT_KEYS = ['incidentPrevention', 'fasterResolution', 'complianceAvoided', 'retention'] as const;
export type BenefitKey = (typeof BENEFIT_KEYS)[number];

export const BENEFIT_LABELS: Record<BenefitKey, string> = {
  incidentPrevention: 'Incident prevention',
  fasterResolution: 'Faster resolution (MTTR saved)',
  complianceAvoided: 'Compliance exposure avoided',
  retention: 'Customer retention',
};

export const STATED_KEYS = ['yearOneCost', 'totalAnnualBenefit', 'netBenefit', 'roiPercent', 'paybackMonths'] as const;
export type StatedKey = (typeof STATED_KEYS)[number];

export interface RoiScenario {
  name: string;
  annualCosts: { licensingCents: bigint; runningCents: bigint };
  oneTimeCosts: { implementationCents: bigint; trainingCents: bigint };
  benefits: Partial<Record<BenefitKey, BenefitInput>>;
  /** Other annual benefits by name. */
  otherBenefits: Array<{ name: string; amountCents: bigint }>;
  /** Figures a document states, to be checked against the computed ones. */
  stated: Partial<Record<StatedKey, Fraction>>;
}

/** A problem in the input, naming the field (dotted path) and the fix. */
export class RoiInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'RoiInputError';
  }
}

type Raw = Record<string, unknown>;

function isPlainObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, field: string, allowed: readonly string[]): Raw {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw new RoiInputError(field || '(input)', 'must be an object');
  const unknown = Object.keys(v).filter((k) => !allowed.includes(k));
  if (unknown.length)
    throw new RoiInputError(
      `${field ? `${field}.` : ''}${unknown[0]}`,
      `is not a known field (known: ${allowed.join(', ')})`,
    );
  return v;
}

function money(v: unknown, field: string, required = false): bigint | undefined {
  if (v === undefined || v === null) {
    if (required) throw new RoiInputError(field, 'is required');
    return undefined;
  }
  try {
    return dollarsToCents(parseDecimal(v as number | string));
  } catch (err) {
    if (err instanceof AmountParseError) throw new RoiInputError(field, err.message);
    throw err;
  }
}

function decimal(v: unknown, field: string, required = false): Fraction | undefined {
  if (v === undefined || v === null) {
    if (required) throw new RoiInputError(field, 'is required');
    return undefined;
  }
  try {
    return parseDecimal(v as number | string);
  } catch (err) {
    if (err instanceof AmountParseError) throw new RoiInputError(field, err.message);
    throw err;
  }
}

function parseBenefit(key: BenefitKey, v: unknown, field: string): BenefitInput | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) return { kind: 'amount', amountCents: money(v, field)! };
  if (key === 'incidentPrevention') {
    const o = object(v, field, [
      'amount',
      'incidentsPrevented',
      'costPerIncident',
      'revenueLossPerIncident',
      'reputationCostPerIncident',
    ]);
    if (o.amount !== undefined) {
      if (Object.keys(o).length > 1)
        throw new RoiInputError(
          `${field}.amount`,
          'give either amount or incidentsPrevented with the cost per incident, not both',
        );
      return { kind: 'amount', amountCents: money(o.amount, `${field}.amount`)! };
    }
    const incidentsPrevented = decimal(o.incidentsPrevented, `${field}.incidentsPrevented`, true)!;
    const revenueLossCents = money(o.revenueLossPerIncident, `${field}.revenueLossPerIncident`);
    const reputationCostCents = money(o.reputationCostPerIncident, `${field}.reputationCostPerIncident`);
    if (o.costPerIncident !== undefined) {
      if (revenueLossCents !== undefined || reputationCostCents !== undefined) {
        throw new RoiInputError(
          `${field}.costPerIncident`,
          'give either costPerIncident or revenueLossPerIncident + reputationCostPerIncident, not both',
        );
      }
      return {
        kind: 'incidents',
        incidentsPrevented,
        costPerIncidentCents: money(o.costPerIncident, `${field}.costPerIncident`)!,
      };
    }
    if (revenueLossCents === undefined && reputationCostCents === undefined) {
      throw new RoiInputError(
        `${field}.costPerIncident`,
        'is required (or revenueLossPerIncident and reputationCostPerIncident)',
      );
    }
    return {
      kind: 'incidents',
      incidentsPrevented,
      costPerIncidentCents: (revenueLossCents ?? 0n) + (reputationCostCents ?? 0n),
      revenueLossCents: revenueLossCents ?? 0n,
      reputationCostCents: reputationCostCents ?? 0n,
    };
  }
  if (key === 'fasterResolution') {
    const o = object(v, field, ['amount', 'hoursSaved', 'incidentsPerYear', 'mttrReductionHours', 'costPerHour']);
    if (o.amount !== undefined) {
      if (Object.keys(o).length > 1)
        throw new RoiInputError(`${field}.amount`, 'give either amount or hoursSaved × costPerHour, not both');
      return { kind: 'amount', amountCents: money(o.amount, `${field}.amount`)! };
    }
    const costPerHourCents = money(o.costPerHour, `${field}.costPerHour`, true)!;
    if (o.hoursSaved !== undefined) {
      if (o.incidentsPerYear !== undefined || o.mttrReductionHours !== undefined) {
        throw new RoiInputError(
          `${field}.hoursSaved`,
          'give either hoursSaved or incidentsPerYear × mttrReductionHours, not both',
        );
      }
      return { kind: 'hours', hoursSaved: decimal(o.hoursSaved, `${field}.hoursSaved`)!, costPerHourCents };
    }
    const incidentsPerYear = decimal(o.incidentsPerYear, `${field}.incidentsPerYear`, true)!;
    const mttrReductionHours = decimal(o.mttrReductionHours, `${field}.mttrReductionHours`, true)!;
    return {
      kind: 'hours',
      hoursSaved: {
        num: incidentsPerYear.num * mttrReductionHours.num,
        den: incidentsPerYear.den * mttrReductionHours.den,
      },
      costPerHourCents,
      incidentsPerYear,
      mttrReductionHours,
    };
  }
  const o = object(v, field, ['amount']);
  return { kind: 'amount', amountCents: money(o.amount, `${field}.amount`, true)! };
}

const SCENARIO_KEYS = ['name', 'annualCosts', 'oneTimeCosts', 'benefits', 'stated'];

function parseScenario(raw: Raw, field: string, fallbackName: string): RoiScenario {
  const o = object(raw, field, SCENARIO_KEYS);
  const prefix = field ? `${field}.` : '';
  if (o.name !== undefined && typeof o.name !== 'string') throw new RoiInputError(`${prefix}name`, 'must be a string');
  const annual = object(o.annualCosts, `${prefix}annualCosts`, ['licensing', 'running']);
  const oneTime = object(o.oneTimeCosts, `${prefix}oneTimeCosts`, ['implementation', 'training']);
  const benefitsRaw = object(o.benefits, `${prefix}benefits`, [...BENEFIT_KEYS, 'other']);
  const statedRaw = object(o.stated, `${prefix}stated`, STATED_KEYS);
  const benefits: RoiScenario['benefits'] = {};
  for (const key of BENEFIT_KEYS) {
    const b = parseBenefit(key, benefitsRaw[key], `${prefix}benefits.${key}`);
    if (b) benefits[key] = b;
  }
  const otherRaw = benefitsRaw.other ?? [];
  if (!Array.isArray(otherRaw)) throw new RoiInputError(`${prefix}benefits.other`, 'must be a list of {name, amount}');
  const otherBenefits = otherRaw.map((item, i) => {
    const f = `${prefix}benefits.other[${i}]`;
    const b = object(item, f, ['name', 'amount']);
    if (typeof b.name !== 'string' || !b.name) throw new RoiInputError(`${f}.name`, 'is required (a non-empty string)');
    return { name: b.name, amountCents: money(b.amount, `${f}.amount`, true)! };
  });
  const stated: RoiScenario['stated'] = {};
  for (const key of STATED_KEYS) {
    const v = decimal(statedRaw[key], `${prefix}stated.${key}`);
    if (v) stated[key] = v;
  }
  const scenario: RoiScenario = {
    name: typeof o.name === 'string' && o.name ? o.name : fallbackName,
    annualCosts: {
      licensingCents: money(annual.licensing, `${prefix}annualCosts.licensing`) ?? 0n,
      runningCents: money(annual.running, `${prefix}annualCosts.running`) ?? 0n,
    },
    oneTimeCosts: {
      implementationCents: money(oneTime.implementation, `${prefix}oneTimeCosts.implementation`) ?? 0n,
      trainingCents: money(oneTime.training, `${prefix}oneTimeCosts.training`) ?? 0n,
    },
    benefits,
    otherBenefits,
    stated,
  };
  const anyCost =
    scenario.annualCosts.licensingCents +
    scenario.annualCosts.runningCents +
    scenario.oneTimeCosts.implementationCents +
    scenario.oneTimeCosts.trainingCents;
  if (anyCost === 0n)
    throw new RoiInputError(
      `${prefix}annualCosts`,
      'no cost given: set annualCosts.licensing/running or oneTimeCosts.implementation/training (ROI divides by the year-1 cost)',
    );
  return scenario;
}

function deepMerge(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(over))
    out[k] = isPlainObject(v) && isPlainObject(base[k]) ? deepMerge(base[k] as Raw, v) : v;
  return out;
}

/**
 * Parses one scenario, or several: `scenarios: [...]` entries are merged over the top-level fields, so a
 * range ("licensing $120K–180K") is two short entries over one shared base.
 * @example parseRoiInput({ annualCosts: { licensing: '$22K' }, benefits: { incidentPrevention: { incidentsPrevented: 3, costPerIncident: '$75K' } } })
 */
export function parseRoiInput(raw: unknown): RoiScenario[] {
  if (!isPlainObject(raw))
    throw new RoiInputError('(input)', 'must be an object with annualCosts, oneTimeCosts and benefits');
  const { scenarios, ...base } = raw;
  if (scenarios === undefined) return [parseScenario(base, '', 'scenario')];
  if (!Array.isArray(scenarios) || scenarios.length === 0)
    throw new RoiInputError('scenarios', 'must be a non-empty list');
  if (scenarios.length > 100) throw new RoiInputError('scenarios', `at most 100 scenarios, got ${scenarios.length}`);
  return scenarios.map((s, i) => {
    if (!isPlainObject(s)) throw new RoiInputError(`scenarios[${i}]`, 'must be an object');
    const unknown = Object.keys(s).filter((k) => !SCENARIO_KEYS.includes(k));
    if (unknown.length)
      throw new RoiInputError(
        `scenarios[${i}].${unknown[0]}`,
        `is not a known field (known: ${SCENARIO_KEYS.join(', ')})`,
      );
    return parseScenario(deepMerge(base, s), `scenarios[${i}]`, `scenario ${i + 1}`);
  });
}
