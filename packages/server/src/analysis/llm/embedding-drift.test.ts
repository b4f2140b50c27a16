import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeEmbeddingDrift, computeEmbeddingDriftFromSamples } from './embedding-drift.js';
import { EmbeddingSample } from './embedding-sample.js';
import type { Rng } from './seeded-rng.js';
import { seededRandom } from '../../../test/helpers/seeded-random.js';

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function cloud(n: number, dims: number, shift: number, rng: Rng): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: dims }, (_, j) => gaussian(rng) + (j < 4 ? shift : 0)));
}

test('centroid distances are exact for known vectors', () => {
  const d = computeEmbeddingDrift(
    [
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
    ],
    [
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
    ],
    { rng: seededRandom(1) },
  );
  assert.ok(Math.abs(d.centroidEuclidean - Math.SQRT2) < 1e-15);
  assert.ok(Math.abs(d.centroidCosine - 1) < 1e-15);
  assert.equal(d.domainClassifierAuc, null); // fewer than 5 held-out rows a side
  assert.equal(d.drifted, false);
});

test('no drift: AUC near 0.5 and not flagged; shifted cloud: AUC high and flagged; deterministic per seed', () => {
  const data = seededRandom(123);
  const reference = cloud(600, 32, 0, data);
  const same = cloud(600, 32, 0, data);
  const shifted = cloud(600, 32, 0.5, data);
  const calm = computeEmbeddingDrift(reference, same, { rng: seededRandom(9) });
  assert.equal(calm.testSizes.reference, 180);
  assert.ok(
    Math.abs(calm.domainClassifierAuc! - 0.5) < 3 * calm.aucNullStdDev!,
    `no-drift AUC ${calm.domainClassifierAuc}`,
  );
  assert.equal(calm.drifted, false);
  assert.ok(calm.centroidEuclidean < 0.5);
  const drift = computeEmbeddingDrift(reference, shifted, { rng: seededRandom(9) });
  // Mean shift of Mahalanobis length 1: the best possible AUC is Φ(1/√2) = 0.760.
  assert.ok(
    drift.domainClassifierAuc! > 0.68 && drift.domainClassifierAuc! <= 0.8,
    `drift AUC ${drift.domainClassifierAuc}`,
  );
  assert.equal(drift.drifted, true);
  assert.ok(Math.abs(drift.centroidEuclidean - 1) < 0.25, `centroid distance ${drift.centroidEuclidean}`); // √(4·0.5²) = 1
  assert.deepEqual(computeEmbeddingDrift(reference, shifted, { rng: seededRandom(9) }), drift);
});

test('EmbeddingSample: exact centroid, bounded uniform sample, merge order irrelevant, JSON round trip', () => {
  const data = seededRandom(5);
  const vectors = cloud(900, 8, 0, data);
  const parts = [new EmbeddingSample(100), new EmbeddingSample(100), new EmbeddingSample(100)];
  const keys = seededRandom(77);
  vectors.forEach((v, i) => parts[i % 3].add(v, keys));
  const ab = EmbeddingSample.fromJSON(JSON.parse(JSON.stringify(parts[0].toJSON())));
  ab.merge(parts[1]);
  ab.merge(parts[2]);
  const cb = new EmbeddingSample(100);
  cb.merge(parts[2]);
  cb.merge(parts[1]);
  cb.merge(parts[0]);
  assert.equal(ab.count, 900);
  assert.equal(ab.sample().length, 100);
  assert.deepEqual(ab.keys, cb.keys);
  const exact = Array.from({ length: 8 }, (_, j) => vectors.reduce((s, v) => s + v[j], 0) / 900);
  ab.centroid().forEach((c, j) => assert.ok(Math.abs(c - exact[j]) < 1e-12));
  // Float32 storage: the sampled vectors survive JSON within float rounding.
  const first = cb.sample()[0];
  const back = ab.sample()[0];
  first.forEach((x, j) => assert.ok(Math.abs(x - back[j]) <= 1e-6 * Math.max(1, Math.abs(x))));
  const other = new EmbeddingSample(100);
  for (const v of cloud(900, 8, 1, data)) other.add(v, keys);
  const d = computeEmbeddingDriftFromSamples(ab, other, { rng: seededRandom(3) });
  assert.equal(d.referenceCount, 900);
  assert.equal(d.testSizes.current, 30);
  assert.equal(d.drifted, true);
  ab.add([1, 2], keys);
  assert.equal(ab.mismatched, 1);
});
