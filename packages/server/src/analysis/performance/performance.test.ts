import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ClassificationAccumulator } from './classification-accumulator.js';
import { computeClassificationMetrics, type ClassificationMetrics } from './classification-metrics.js';
import { RegressionAccumulator, computeRegressionMetrics } from './regression-accumulator.js';
import { CbpeAccumulator, estimatePerformance } from './cbpe.js';
import { computeRocAuc, rocAucFromHistograms } from './roc-auc.js';
import type { LabelledPrediction } from './prediction-reading.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

interface ClassExpectation {
  labels: string[];
  matrix: number[][];
  accuracy: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  rocAuc?: number;
  perClassRocAuc?: Record<string, number>;
  logLoss?: number;
  cbpe?: { expectedAccuracy: number; expectedPrecision?: number; expectedRecall?: number; expectedF1?: number };
}
interface Golden {
  binary: { pairs: LabelledPrediction[]; expected: ClassExpectation };
  multiclass: { pairs: LabelledPrediction[]; expected: ClassExpectation };
  hardLabels: { pairs: LabelledPrediction[]; expected: ClassExpectation };
  regression: { pairs: LabelledPrediction[]; expected: Record<string, number> };
}
const golden = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/golden/performance-golden.json', import.meta.url), 'utf8'),
) as Golden;

function near(actual: number | null | undefined, expected: number, what: string, tolerance = 1e-9): void {
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} vs golden ${expected}`,
  );
}

/** Accumulates the pairs in three interleaved parts, then merges them through JSON, as storage roll-ups would. */
function classify(pairs: readonly LabelledPrediction[]): ClassificationMetrics {
  const parts = [0, 1, 2].map(() => new ClassificationAccumulator());
  pairs.forEach((p, i) => parts[i % 3].add(p));
  const total = new ClassificationAccumulator();
  for (const part of parts) total.merge(ClassificationAccumulator.fromJSON(JSON.parse(JSON.stringify(part.toJSON()))));
  return computeClassificationMetrics(total);
}

function checkClassification(name: string, m: ClassificationMetrics, e: ClassExpectation): void {
  assert.deepEqual(m.confusionMatrix, { labels: e.labels, matrix: e.matrix }, name);
  near(m.accuracy, e.accuracy, `${name} accuracy`);
  near(m.macroPrecision, e.macroPrecision, `${name} macro precision`);
  near(m.macroRecall, e.macroRecall, `${name} macro recall`);
  near(m.macroF1, e.macroF1, `${name} macro F1`);
  for (const [cls, c] of Object.entries(e.perClass)) {
    near(m.perClass[cls].precision, c.precision, `${name} ${cls} precision`);
    near(m.perClass[cls].recall, c.recall, `${name} ${cls} recall`);
    near(m.perClass[cls].f1, c.f1, `${name} ${cls} F1`);
    assert.equal(m.perClass[cls].support, c.support);
  }
  if (e.rocAuc !== undefined) {
    near(m.rocAuc, e.rocAuc, `${name} ROC AUC (score histogram; scores on a 0.01 grid, so exact)`);
    assert.equal(m.rocAucErrorBound! > 0, true);
  } else {
    assert.equal(m.rocAuc, null);
  }
  if (e.logLoss !== undefined) near(m.logLoss, e.logLoss, `${name} log loss`);
  else assert.equal(m.logLoss, null);
}

test('binary classification from score-only predictions matches the numpy golden vectors to 1e-9', () => {
  const { pairs, expected } = golden.binary;
  checkClassification('binary', classify(pairs), expected);
  const scores = pairs.map((p) => (p.prediction as { score: number }).score);
  near(
    computeRocAuc(
      scores,
      pairs.map((p) => p.label === 1),
    ),
    expected.rocAuc!,
    'exact binary AUC',
  );
});

test('multiclass with probabilities: metrics, one-vs-rest macro AUC and log loss match golden to 1e-9', () => {
  const { pairs, expected } = golden.multiclass;
  const m = classify(pairs);
  checkClassification('multiclass', m, expected);
  for (const [cls, auc] of Object.entries(expected.perClassRocAuc!)) {
    near(m.perClass[cls].rocAuc, auc, `${cls} OvR AUC`);
    const probs = pairs.map((p) => (p.prediction as { probabilities: Record<string, number> }).probabilities[cls]);
    near(
      computeRocAuc(
        probs,
        pairs.map((p) => p.label === cls),
      ),
      auc,
      `${cls} exact OvR AUC`,
    );
  }
});

test('hard labels with a class never in the truth: zero-division gives 0, as sklearn', () => {
  const m = classify(golden.hardLabels.pairs);
  checkClassification('hard labels', m, golden.hardLabels.expected);
  assert.deepEqual(m.perClass.z, { precision: 0, recall: 0, f1: 0, support: 0, rocAuc: null });
});

test('regression metrics match golden to 1e-9, through merge and JSON', () => {
  const { pairs, expected } = golden.regression;
  const a = new RegressionAccumulator();
  const b = new RegressionAccumulator();
  pairs.forEach((p, i) => (i < 137 ? a : b).add(p));
  const total = RegressionAccumulator.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
  total.merge(a);
  const m = computeRegressionMetrics(total);
  assert.equal(m.n, expected.n);
  assert.equal(m.zeroLabels, expected.zeroLabels);
  for (const key of ['mae', 'rmse', 'mape', 'r2', 'meanError'] as const) near(m[key], expected[key], key);
});

test('regression edge cases: all-zero labels give no MAPE, constant labels no R², junk is skipped', () => {
  const acc = new RegressionAccumulator();
  acc.add({ prediction: 1, label: 0 });
  acc.add({ prediction: -1, label: 0 });
  acc.add({ prediction: 'cat', label: 0 });
  acc.add({ prediction: 3, label: 'n/a' });
  const m = computeRegressionMetrics(acc);
  assert.deepEqual(m, { n: 2, skipped: 2, mae: 1, rmse: 1, mape: null, zeroLabels: 2, r2: null, meanError: 0 });
});

test('CBPE expected accuracy (and binary precision/recall/F1) match golden to 1e-9', () => {
  for (const name of ['binary', 'multiclass'] as const) {
    const { pairs, expected } = golden[name];
    const acc = new CbpeAccumulator();
    for (const p of pairs) acc.add(p.prediction);
    const est = estimatePerformance(CbpeAccumulator.fromJSON(acc.toJSON()));
    assert.equal(est.n, pairs.length);
    near(est.expectedAccuracy, expected.cbpe!.expectedAccuracy, `${name} expected accuracy`);
    if (name === 'binary') {
      near(est.expectedPrecision, expected.cbpe!.expectedPrecision!, 'expected precision');
      near(est.expectedRecall, expected.cbpe!.expectedRecall!, 'expected recall');
      near(est.expectedF1, expected.cbpe!.expectedF1!, 'expected F1');
    } else {
      assert.equal(est.expectedPrecision, null);
    }
  }
});

test('CBPE is unbiased on calibrated predictions (simulated), and the documented example holds', () => {
  const random = seededRandom(99);
  const acc = new CbpeAccumulator();
  let correct = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const p = 0.5 + 0.5 * random();
    const truth = random() < p ? 'a' : 'b';
    acc.add({ probabilities: { a: p, b: 1 - p } });
    if (truth === 'a') correct++;
  }
  assert.ok(Math.abs(estimatePerformance(acc).expectedAccuracy! - correct / n) < 0.01);
  const doc = new CbpeAccumulator();
  doc.add({ label: 'cat', probabilities: { cat: 0.9, dog: 0.1 } });
  doc.add({ label: 'dog', probabilities: { cat: 0.3, dog: 0.7 } });
  near(estimatePerformance(doc).expectedAccuracy, 0.8, 'doc example');
});

test('ROC AUC helpers: ties, documented examples, histogram bound brackets the exact value', () => {
  near(computeRocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75, 'doc example');
  near(computeRocAuc([0.5, 0.5, 0.5], [true, false, false]), 0.5, 'all tied');
  assert.ok(Number.isNaN(computeRocAuc([0.2, 0.3], [true, true])));
  assert.deepEqual(rocAucFromHistograms([0, 1, 1], [1, 1, 0]), { auc: 0.875, errorBound: 0.125 });
  const scores = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 1000) / 1000 + 0.0003 * (i % 3));
  const truth = scores.map((x, i) => x + ((i * 31) % 17) / 40 > 0.7);
  const acc = new ClassificationAccumulator();
  scores.forEach((x, i) => acc.add({ prediction: { score: Math.min(1, x) }, label: truth[i] ? 1 : 0 }));
  const m = computeClassificationMetrics(acc);
  const exact = computeRocAuc(
    scores.map((x) => Math.min(1, x)),
    truth,
  );
  assert.ok(
    Math.abs(m.rocAuc! - exact) <= m.rocAucErrorBound! + 1e-12,
    `${m.rocAuc} vs ${exact} ± ${m.rocAucErrorBound}`,
  );
});
