import { computeRocAuc } from '../performance/index.js';
import type { EmbeddingSample } from './embedding-sample.js';
import type { Rng } from './seeded-rng.js';

export interface EmbeddingDriftOptions {
  /** Seeded RNG for subsampling and the train/test split. */
  rng: Rng;
  /** Held-out share per side. Default 0.3. */
  testFraction?: number;
  /** At most this many vectors per side (random subsample). Default 1000. */
  maxPerSide?: number;
  /** Full-batch gradient-descent steps. Default 200. */
  iterations?: number;
  learningRate?: number;
  /** L2 penalty on the weights (needed when dimensions exceed rows). Default 0.01. */
  l2?: number;
  /** Drift when the held-out AUC is at least this. Default 0.55. */
  aucThreshold?: number;
}

export interface EmbeddingDrift {
  referenceCount: number;
  currentCount: number;
  /** ‖c_cur − c_ref‖₂ between centroids. */
  centroidEuclidean: number;
  /** 1 − cos(c_ref, c_cur); 0 when either centroid is the zero vector. */
  centroidCosine: number;
  /** Held-out ROC AUC of a logistic regression telling current (1) from reference (0); null below 5 rows a side. */
  domainClassifierAuc: number | null;
  /** Standard deviation of that AUC if there were no drift (Mann-Whitney null: √((m+n+1)/(12mn))). */
  aucNullStdDev: number | null;
  testSizes: { reference: number; current: number };
  drifted: boolean;
}

/**
 * Embedding drift between a reference and a current set of vectors: centroid distances (Euclidean and
 * cosine) and a domain-classifier score. The classifier is an L2-regularised logistic regression on
 * standardised embeddings, trained on a stratified split and scored by ROC AUC on the held-out part:
 * 0.5 means the two sets are indistinguishable; drift is declared at AUC ≥ 0.55. Under no drift the
 * AUC is ≈ 0.5 ± `aucNullStdDev` (0.024 with 300 held-out a side), so small samples raise false alarms;
 * check the null deviation. Deterministic for a given RNG state.
 *
 * @example
 * const d = computeEmbeddingDrift(lastWeek, today, { rng: createSeededRng(7) });
 * if (d.drifted) alert(`embedding drift: AUC ${d.domainClassifierAuc}`);
 */
export function computeEmbeddingDrift(
  reference: readonly (readonly number[])[],
  current: readonly (readonly number[])[],
  options: EmbeddingDriftOptions,
): EmbeddingDrift {
  return computeDrift(
    reference,
    current,
    meanVector(reference),
    meanVector(current),
    reference.length,
    current.length,
    options,
  );
}

/** {@link computeEmbeddingDrift} from two mergeable samples: exact centroids, classifier on the samples. */
export function computeEmbeddingDriftFromSamples(
  reference: EmbeddingSample,
  current: EmbeddingSample,
  options: EmbeddingDriftOptions,
): EmbeddingDrift {
  return computeDrift(
    reference.sample(),
    current.sample(),
    reference.centroid(),
    current.centroid(),
    reference.count,
    current.count,
    options,
  );
}

function computeDrift(
  refRows: readonly (readonly number[])[],
  curRows: readonly (readonly number[])[],
  refCentroid: number[],
  curCentroid: number[],
  referenceCount: number,
  currentCount: number,
  options: EmbeddingDriftOptions,
): EmbeddingDrift {
  const dims = refCentroid.length;
  if (dims === 0 || curCentroid.length !== dims)
    throw new RangeError(`embedding dimensions differ or are empty: ${dims} vs ${curCentroid.length}`);
  let sq = 0;
  let dot = 0;
  let nr = 0;
  let nc = 0;
  for (let i = 0; i < dims; i++) {
    const d = curCentroid[i] - refCentroid[i];
    sq += d * d;
    dot += refCentroid[i] * curCentroid[i];
    nr += refCentroid[i] * refCentroid[i];
    nc += curCentroid[i] * curCentroid[i];
  }
  const centroidCosine = nr > 0 && nc > 0 ? 1 - dot / Math.sqrt(nr * nc) : 0;
  const classifier = scoreDomainClassifier(refRows, curRows, options);
  const threshold = options.aucThreshold ?? 0.55;
  return {
    referenceCount,
    currentCount,
    centroidEuclidean: Math.sqrt(sq),
    centroidCosine,
    ...classifier,
    drifted: classifier.domainClassifierAuc !== null && classifier.domainClassifierAuc >= threshold,
  };
}

function scoreDomainClassifier(
  refRows: readonly (readonly number[])[],
  curRows: readonly (readonly number[])[],
  options: EmbeddingDriftOptions,
): Pick<EmbeddingDrift, 'domainClassifierAuc' | 'aucNullStdDev' | 'testSizes'> {
  const { rng } = options;
  const maxPerSide = options.maxPerSide ?? 1000;
  const testFraction = options.testFraction ?? 0.3;
  const ref = shuffledHead(refRows.length, maxPerSide, rng);
  const cur = shuffledHead(curRows.length, maxPerSide, rng);
  const refTest = Math.round(ref.length * testFraction);
  const curTest = Math.round(cur.length * testFraction);
  if (ref.length - refTest < 5 || cur.length - curTest < 5 || refTest < 5 || curTest < 5) {
    return { domainClassifierAuc: null, aucNullStdDev: null, testSizes: { reference: refTest, current: curTest } };
  }
  const train = [
    ...ref.slice(refTest).map((i) => ({ x: refRows[i], y: 0 })),
    ...cur.slice(curTest).map((i) => ({ x: curRows[i], y: 1 })),
  ];
  const test = [
    ...ref.slice(0, refTest).map((i) => ({ x: refRows[i], y: 0 })),
    ...cur.slice(0, curTest).map((i) => ({ x: curRows[i], y: 1 })),
  ];
  const model = trainLogisticRegression(
    train,
    options.iterations ?? 200,
    options.learningRate ?? 0.5,
    options.l2 ?? 0.01,
  );
  const auc = computeRocAuc(
    test.map((r) => model(r.x)),
    test.map((r) => r.y === 1),
  );
  return {
    domainClassifierAuc: auc,
    aucNullStdDev: Math.sqrt((refTest + curTest + 1) / (12 * refTest * curTest)),
    testSizes: { reference: refTest, current: curTest },
  };
}

/** Fits w, b by full-batch gradient descent on mean log loss + (l2/2)‖w‖²; returns the linear score x·w + b. */
function trainLogisticRegression(
  rows: readonly { x: readonly number[]; y: number }[],
  iterations: number,
  learningRate: number,
  l2: number,
): (x: readonly number[]) => number {
  const dims = rows[0].x.length;
  const mean = new Float64Array(dims);
  const scale = new Float64Array(dims);
  for (const r of rows) for (let j = 0; j < dims; j++) mean[j] += r.x[j] / rows.length;
  for (const r of rows) for (let j = 0; j < dims; j++) scale[j] += (r.x[j] - mean[j]) ** 2 / rows.length;
  for (let j = 0; j < dims; j++) scale[j] = scale[j] > 0 ? 1 / Math.sqrt(scale[j]) : 0;
  const z = rows.map((r) => Float64Array.from(r.x, (v, j) => (v - mean[j]) * scale[j]));
  const w = new Float64Array(dims);
  let b = 0;
  const grad = new Float64Array(dims);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    let gradB = 0;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i];
      let s = b;
      for (let j = 0; j < dims; j++) s += w[j] * zi[j];
      const err = 1 / (1 + Math.exp(-s)) - rows[i].y;
      gradB += err;
      for (let j = 0; j < dims; j++) grad[j] += err * zi[j];
    }
    for (let j = 0; j < dims; j++) w[j] -= learningRate * (grad[j] / z.length + l2 * w[j]);
    b -= (learningRate * gradB) / z.length;
  }
  return (x) => {
    let s = b;
    for (let j = 0; j < dims; j++) s += w[j] * (x[j] - mean[j]) * scale[j];
    return s;
  };
}

/** Indices 0…n−1 in random order (Fisher-Yates), first `limit` of them. */
function shuffledHead(n: number, limit: number, rng: Rng): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, limit);
}

function meanVector(rows: readonly (readonly number[])[]): number[] {
  if (rows.length === 0) return [];
  const out = new Array<number>(rows[0].length).fill(0);
  for (const r of rows) for (let j = 0; j < out.length; j++) out[j] += r[j];
  return out.map((s) => s / rows.length);
}
