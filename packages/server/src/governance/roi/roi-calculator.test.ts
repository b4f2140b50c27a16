import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calculateRoi, parseRoiInput, RoiInputError } from './index.js';
import { formatUsd, parseDecimal } from './money.js';

/** Slide 5's cost-benefit table: licensing is a range, so two scenarios over one base. */
const DECK_TABLE = {
  oneTimeCosts: { implementation: '$50K', training: '$20K' },
  benefits: { incidentPrevention: '$300K', fasterResolution: '$150K', complianceAvoided: '$500K', retention: '$200K' },
  scenarios: [
    {
      name: 'low end',
      annualCosts: { licensing: '$120K' },
      stated: {
        yearOneCost: '$190K',
        totalAnnualBenefit: '$1.15M',
        netBenefit: '$960K',
        roiPercent: 400,
        paybackMonths: 3,
      },
    },
    {
      name: 'high end',
      annualCosts: { licensing: '$180K' },
      stated: {
        yearOneCost: '$250K',
        totalAnnualBenefit: '$1.15M',
        netBenefit: '$900K',
        roiPercent: 380,
        paybackMonths: 4,
      },
    },
  ],
};

test('deck slide 5, low end: net benefit and totals hold, ROI 400 % and payback 3 months do not', () => {
  const [low] = parseRoiInput(DECK_TABLE).map(calculateRoi);
  assert.equal(low!.yearOneCost, 190_000);
  assert.equal(low!.annualBenefit, 1_150_000);
  assert.equal(low!.netBenefit, 960_000);
  // 960,000 / 190,000 × 100 = 505.263…
  assert.equal(low!.roiPercent, 505.26);
  // 190,000 / (1,150,000 / 12) = 1.9826…
  assert.equal(low!.paybackMonths, 1.98);
  assert.deepEqual(
    low!.discrepancies.map((d) => d.figure),
    ['roiPercent', 'paybackMonths'],
  );
  assert.match(
    low!.discrepancies[0]!.message,
    /stated ROI 400\.00 % does not follow from the inputs: computed 505\.26 %/,
  );
  assert.match(low!.discrepancies[1]!.message, /computed 1\.98 months/);
  assert.deepEqual(
    low!.checks.filter((c) => c.isConsistent).map((c) => c.figure),
    ['yearOneCost', 'totalAnnualBenefit', 'netBenefit'],
  );
});

test('deck slide 5, high end: ROI is 360 % (not 380 %), payback 2.61 months (not 4)', () => {
  const [, high] = parseRoiInput(DECK_TABLE).map(calculateRoi);
  assert.equal(high!.yearOneCost, 250_000);
  assert.equal(high!.netBenefit, 900_000);
  assert.equal(high!.roiPercent, 360);
  assert.equal(high!.paybackMonths, 2.61);
  assert.deepEqual(
    high!.discrepancies.map((d) => [d.figure, d.stated, d.computed]),
    [
      ['roiPercent', 380, 360],
      ['paybackMonths', 4, 2.61],
    ],
  );
});

test('deck slide 5 shows its arithmetic step by step', () => {
  const [low] = parseRoiInput(DECK_TABLE).map(calculateRoi);
  const byLabel = new Map(low!.steps.map((s) => [s.label, s]));
  assert.equal(byLabel.get('Year-1 cost')!.values, '$120,000.00 + $0.00 + $50,000.00 + $20,000.00');
  assert.equal(byLabel.get('Year-1 cost')!.result, '$190,000.00');
  assert.equal(byLabel.get('Annual benefit')!.values, '$300,000.00 + $150,000.00 + $500,000.00 + $200,000.00');
  assert.equal(byLabel.get('Annual benefit')!.result, '$1,150,000.00');
  assert.equal(byLabel.get('ROI')!.result, '505.26 %');
  assert.equal(byLabel.get('Payback period')!.result, '1.98 months');
});

/** "ROI Calculation Detail": outage $50K + $25K reputation, 3–4 prevented, $22K a year. */
const DECK_DETAIL = {
  annualCosts: { licensing: '$22K' },
  benefits: { incidentPrevention: { revenueLossPerIncident: '$50K', reputationCostPerIncident: '$25K' } },
  stated: { totalAnnualBenefit: '$225K', roiPercent: 923 },
  scenarios: [
    { name: '3 outages prevented', benefits: { incidentPrevention: { incidentsPrevented: 3 } } },
    { name: '4 outages prevented', benefits: { incidentPrevention: { incidentsPrevented: 4 } } },
  ],
};

test('deck detail, 3 outages: ($225K − $22K) / $22K = 922.73 %, so the stated 923 % holds (rounded)', () => {
  const [three] = parseRoiInput(DECK_DETAIL).map(calculateRoi);
  assert.equal(three!.yearOneCost, 22_000);
  assert.equal(three!.annualBenefit, 225_000);
  assert.equal(three!.netBenefit, 203_000);
  assert.equal(three!.roiPercent, 922.73);
  assert.equal(three!.paybackMonths, 1.17);
  assert.deepEqual(three!.discrepancies, []);
  const step = three!.steps.find((s) => s.label === 'Incident prevention')!;
  assert.equal(step.values, '3 × ($50,000.00 + $25,000.00)');
  assert.equal(step.result, '$225,000.00');
});

test('deck detail, 4 outages: $300K prevented, ROI 1,263.64 %; the stated $225K and 923 % only fit 3', () => {
  const [, four] = parseRoiInput(DECK_DETAIL).map(calculateRoi);
  assert.equal(four!.annualBenefit, 300_000);
  assert.equal(four!.netBenefit, 278_000);
  assert.equal(four!.roiPercent, 1263.64);
  assert.equal(four!.paybackMonths, 0.88);
  assert.deepEqual(
    four!.discrepancies.map((d) => [d.figure, d.computed]),
    [
      ['totalAnnualBenefit', 300_000],
      ['roiPercent', 1263.64],
    ],
  );
});

test('money is exact: cents never pass through binary floating point', () => {
  assert.notEqual(0.1 + 0.2, 0.3);
  const [r] = parseRoiInput({
    annualCosts: { licensing: 0.1, running: 0.2 },
    benefits: { retention: 0.3, fasterResolution: { hoursSaved: 2.5, costPerHour: '$1,000.10' } },
  }).map(calculateRoi);
  assert.equal(r!.yearOneCost, 0.3);
  assert.equal(r!.annualBenefit, 2500.55);
  assert.equal(formatUsd(parseDecimal('1.15M').num * 100n), '$1,150,000.00');
});

test('MTTR saved × cost per hour from incidents and MTTR reduction', () => {
  const [r] = parseRoiInput({
    oneTimeCosts: { implementation: 10_000 },
    benefits: { fasterResolution: { incidentsPerYear: 12, mttrReductionHours: 1.5, costPerHour: 5000 } },
  }).map(calculateRoi);
  assert.equal(r!.annualBenefit, 90_000);
  assert.equal(r!.steps.find((s) => s.label.startsWith('Faster'))!.values, '12 × 1.5 h × $5,000.00');
  assert.equal(r!.roiPercent, 800);
});

test('no benefit: payback is null and a stated payback is flagged', () => {
  const [r] = parseRoiInput({ annualCosts: { running: 100 }, stated: { paybackMonths: 2 } }).map(calculateRoi);
  assert.equal(r!.roiPercent, -100);
  assert.equal(r!.paybackMonths, null);
  assert.equal(r!.discrepancies[0]!.figure, 'paybackMonths');
});

test('bad input names the field', () => {
  const fieldOf = (raw: unknown) => {
    try {
      parseRoiInput(raw);
    } catch (err) {
      assert.ok(err instanceof RoiInputError);
      return err.field;
    }
    return null;
  };
  assert.equal(fieldOf({ annualCosts: { licensing: 'lots' } }), 'annualCosts.licensing');
  assert.equal(fieldOf({ annualCosts: { licensing: -5 } }), 'annualCosts.licensing');
  assert.equal(fieldOf({ annualCosts: { licensing: 1.005 } }), 'annualCosts.licensing');
  assert.equal(fieldOf({ annualCosts: { licencing: 1 } }), 'annualCosts.licencing');
  assert.equal(fieldOf({ benefits: { retention: 1 } }), 'annualCosts');
  assert.equal(
    fieldOf({ annualCosts: { licensing: 1 }, benefits: { incidentPrevention: { incidentsPrevented: 3 } } }),
    'benefits.incidentPrevention.costPerIncident',
  );
  assert.equal(
    fieldOf({ annualCosts: { licensing: 1 }, scenarios: [{ stated: { roi: 3 } }] }),
    'scenarios[0].stated.roi',
  );
  assert.equal(fieldOf([1]), '(input)');
});
