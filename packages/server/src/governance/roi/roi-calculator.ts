import {
  decimalsOf,
  formatFraction,
  formatUsd,
  fractionToNumber,
  reduce,
  roundHalfAway,
  centsToDollars,
  type Fraction,
} from './money.js';
import { BENEFIT_KEYS, BENEFIT_LABELS, type BenefitInput, type RoiScenario, type StatedKey } from './roi-input.js';

/** One line of shown arithmetic. */
export interface RoiStep {
  label: string;
  formula: string;
  /** The formula with the numbers substituted. */
  values: string;
  result: string;
}

/** A figure the input stated that does not follow from the input. */
export interface RoiDiscrepancy {
  figure: StatedKey;
  stated: number;
  computed: number | null;
  message: string;
}

export interface RoiResult {
  name: string;
  /** USD, exact to the cent. */
  annualRecurringCost: number;
  oneTimeCost: number;
  yearOneCost: number;
  annualBenefit: number;
  netBenefit: number;
  benefits: Array<{ key: string; label: string; amount: number }>;
  /** (annual benefit − year-1 cost) ÷ year-1 cost × 100, rounded to 2 decimals. */
  roiPercent: number;
  /** year-1 cost ÷ (annual benefit ÷ 12), rounded to 2 decimals; null when there is no benefit. */
  paybackMonths: number | null;
  steps: RoiStep[];
  /** Every stated figure, checked. */
  checks: Array<{ figure: StatedKey; stated: number; computed: number | null; isConsistent: boolean }>;
  discrepancies: RoiDiscrepancy[];
}

function fmtCount(f: Fraction): string {
  return formatFraction(f, decimalsOf(f));
}

/** A benefit line's amount in cents (products rounded half away from zero once) and its shown step. */
function computeBenefit(label: string, b: BenefitInput): { cents: bigint; step: RoiStep } {
  if (b.kind === 'amount')
    return {
      cents: b.amountCents,
      step: { label, formula: 'stated amount', values: formatUsd(b.amountCents), result: formatUsd(b.amountCents) },
    };
  if (b.kind === 'incidents') {
    const cents = roundHalfAway({
      num: b.incidentsPrevented.num * b.costPerIncidentCents,
      den: b.incidentsPrevented.den,
    });
    const perIncident =
      b.revenueLossCents !== undefined
        ? `(${formatUsd(b.revenueLossCents)} + ${formatUsd(b.reputationCostCents ?? 0n)})`
        : formatUsd(b.costPerIncidentCents);
    const formula =
      b.revenueLossCents !== undefined
        ? 'incidents prevented × (revenue loss + reputation cost per incident)'
        : 'incidents prevented × cost per incident';
    return {
      cents,
      step: { label, formula, values: `${fmtCount(b.incidentsPrevented)} × ${perIncident}`, result: formatUsd(cents) },
    };
  }
  const cents = roundHalfAway({ num: b.hoursSaved.num * b.costPerHourCents, den: b.hoursSaved.den });
  if (b.incidentsPerYear && b.mttrReductionHours) {
    return {
      cents,
      step: {
        label,
        formula: 'incidents per year × MTTR reduction (hours) × cost per hour',
        values: `${fmtCount(b.incidentsPerYear)} × ${fmtCount(b.mttrReductionHours)} h × ${formatUsd(b.costPerHourCents)}`,
        result: formatUsd(cents),
      },
    };
  }
  return {
    cents,
    step: {
      label,
      formula: 'hours saved × cost per hour',
      values: `${fmtCount(b.hoursSaved)} h × ${formatUsd(b.costPerHourCents)}`,
      result: formatUsd(cents),
    },
  };
}

/** Does a stated figure equal the exact value rounded to the stated figure's own precision? */
function isStatedConsistent(stated: Fraction, exact: Fraction): boolean {
  const d = decimalsOf(stated);
  const scale = 10n ** BigInt(d);
  const roundedExact = roundHalfAway({ num: exact.num * scale, den: exact.den });
  const s = reduce({ num: stated.num * scale, den: stated.den });
  return s.den === 1n && s.num === roundedExact;
}

const usd = (f: Fraction) => formatUsd(roundHalfAway({ num: f.num * 100n, den: f.den }));
/** How a figure reads in a message; `d` is the number of decimals to show. */
const FIGURE_TEXT: Record<StatedKey, { name: string; unit: (f: Fraction, d: number) => string }> = {
  yearOneCost: { name: 'year-1 cost', unit: usd },
  totalAnnualBenefit: { name: 'total annual benefit', unit: usd },
  netBenefit: { name: 'net benefit', unit: usd },
  roiPercent: { name: 'ROI', unit: (f, d) => `${formatFraction(f, d)} %` },
  paybackMonths: { name: 'payback', unit: (f, d) => `${formatFraction(f, d)} months` },
};

/**
 * The deck's ROI model over one scenario, with every step of the arithmetic shown and each stated
 * figure checked against the computed one (a stated figure is consistent when it equals the exact value
 * rounded to as many decimals as the stated figure has: "923 %" matches 922.727…, "$900K" must be exact).
 * @example
 *   calculateRoi(parseRoiInput({ annualCosts: { licensing: '$22K' }, benefits: { incidentPrevention: { incidentsPrevented: 3, costPerIncident: '$75K' } } })[0]).roiPercent // 922.73
 */
export function calculateRoi(s: RoiScenario): RoiResult {
  const steps: RoiStep[] = [];
  const { licensingCents, runningCents } = s.annualCosts;
  const { implementationCents, trainingCents } = s.oneTimeCosts;
  const annualCost = licensingCents + runningCents;
  const oneTime = implementationCents + trainingCents;
  const yearOne = annualCost + oneTime;
  steps.push({
    label: 'Year-1 cost',
    formula: 'licensing + running (annual) + implementation + training (one-time)',
    values: `${formatUsd(licensingCents)} + ${formatUsd(runningCents)} + ${formatUsd(implementationCents)} + ${formatUsd(trainingCents)}`,
    result: formatUsd(yearOne),
  });

  const benefits: RoiResult['benefits'] = [];
  const lineCents: bigint[] = [];
  for (const key of BENEFIT_KEYS) {
    const b = s.benefits[key];
    if (!b) continue;
    const { cents, step } = computeBenefit(BENEFIT_LABELS[key], b);
    if (b.kind !== 'amount') steps.push(step);
    benefits.push({ key, label: BENEFIT_LABELS[key], amount: centsToDollars(cents) });
    lineCents.push(cents);
  }
  for (const o of s.otherBenefits) {
    benefits.push({ key: 'other', label: o.name, amount: centsToDollars(o.amountCents) });
    lineCents.push(o.amountCents);
  }
  const benefit = lineCents.reduce((a, c) => a + c, 0n);
  steps.push({
    label: 'Annual benefit',
    formula: benefits.length ? benefits.map((b) => b.label.toLowerCase()).join(' + ') : 'no benefit given',
    values: lineCents.length ? lineCents.map(formatUsd).join(' + ') : formatUsd(0n),
    result: formatUsd(benefit),
  });

  const net = benefit - yearOne;
  steps.push({
    label: 'Net benefit (year 1)',
    formula: 'annual benefit − year-1 cost',
    values: `${formatUsd(benefit)} − ${formatUsd(yearOne)}`,
    result: formatUsd(net),
  });

  const roi: Fraction = reduce({ num: net * 100n, den: yearOne });
  steps.push({
    label: 'ROI',
    formula: '(annual benefit − year-1 cost) ÷ year-1 cost × 100',
    values: `(${formatUsd(benefit)} − ${formatUsd(yearOne)}) ÷ ${formatUsd(yearOne)} × 100`,
    result: `${formatFraction(roi, 2)} %`,
  });

  const payback: Fraction | null = benefit > 0n ? reduce({ num: yearOne * 12n, den: benefit }) : null;
  steps.push({
    label: 'Payback period',
    formula: 'year-1 cost ÷ (annual benefit ÷ 12)',
    values: `${formatUsd(yearOne)} ÷ (${formatUsd(benefit)} ÷ 12)`,
    result: payback ? `${formatFraction(payback, 2)} months` : 'never (no benefit)',
  });

  const exact: Record<StatedKey, Fraction | null> = {
    yearOneCost: { num: yearOne, den: 100n },
    totalAnnualBenefit: { num: benefit, den: 100n },
    netBenefit: { num: net, den: 100n },
    roiPercent: roi,
    paybackMonths: payback,
  };
  const checks: RoiResult['checks'] = [];
  const discrepancies: RoiDiscrepancy[] = [];
  for (const [figure, stated] of Object.entries(s.stated) as Array<[StatedKey, Fraction]>) {
    const value = exact[figure];
    const statedNumber = fractionToNumber(stated, 6);
    const computed = value ? fractionToNumber(value, 2) : null;
    const isConsistent = value !== null && isStatedConsistent(stated, value);
    checks.push({ figure, stated: statedNumber, computed, isConsistent });
    if (!isConsistent) {
      const t = FIGURE_TEXT[figure];
      const d = Math.max(2, decimalsOf(stated));
      discrepancies.push({
        figure,
        stated: statedNumber,
        computed,
        message: value
          ? `stated ${t.name} ${t.unit(stated, d)} does not follow from the inputs: computed ${t.unit(value, d)}`
          : `stated ${t.name} ${t.unit(stated, d)} cannot be checked: there is no benefit, so no payback`,
      });
    }
  }

  return {
    name: s.name,
    annualRecurringCost: centsToDollars(annualCost),
    oneTimeCost: centsToDollars(oneTime),
    yearOneCost: centsToDollars(yearOne),
    annualBenefit: centsToDollars(benefit),
    netBenefit: centsToDollars(net),
    benefits,
    roiPercent: fractionToNumber(roi, 2),
    paybackMonths: payback ? fractionToNumber(payback, 2) : null,
    steps,
    checks,
    discrepancies,
  };
}
