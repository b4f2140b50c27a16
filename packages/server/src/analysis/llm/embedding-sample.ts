import type { Rng } from './seeded-rng.js';

export interface EmbeddingSampleJson {
  capacity: number;
  dims: number;
  count: number;
  sum: number[];
  keys: number[];
  /** Kept vectors, Float32 little-endian, base64, concatenated in `keys` order. */
  vectors: string;
}

/**
 * Mergeable summary of a window's embeddings: the exact centroid (count and per-dimension sums) and a
 * uniform random sample of at most `capacity` vectors (bottom-k sampling: each vector gets a random key
 * from the caller's seeded RNG, the k smallest keys are kept). Merge keeps the k smallest keys of the
 * union, so it is exactly associative and commutative and the result is a uniform sample of all
 * vectors. Vectors of another dimension than the first are ignored (counted in `mismatched`).
 * Serialised vectors are Float32 (≈ 1e-7 relative rounding): capacity 200 × 1536 dims ≈ 1.6 MB base64.
 *
 * @example
 * const s = new EmbeddingSample(200); s.add([0.1, 0.3], rng); s.centroid(); // [0.1, 0.3]
 */
export class EmbeddingSample {
  dims = 0;
  count = 0;
  mismatched = 0;
  sum: Float64Array = new Float64Array(0);
  keys: number[] = [];
  vectors: Float64Array[] = [];
  private maxIndex = -1;

  constructor(readonly capacity = 200) {}

  add(vector: readonly number[], rng: Rng): void {
    if (this.count === 0 && this.dims === 0) {
      this.dims = vector.length;
      this.sum = new Float64Array(vector.length);
    }
    if (vector.length !== this.dims || vector.length === 0) {
      this.mismatched++;
      return;
    }
    this.count++;
    for (let i = 0; i < vector.length; i++) this.sum[i] += vector[i];
    this.offer(rng(), Float64Array.from(vector));
  }

  merge(other: EmbeddingSample): void {
    if (other.count === 0) {
      this.mismatched += other.mismatched;
      return;
    }
    if (this.count === 0 && this.dims === 0) {
      this.dims = other.dims;
      this.sum = new Float64Array(other.dims);
    }
    if (other.dims !== this.dims)
      throw new RangeError(`cannot merge embeddings of ${this.dims} and ${other.dims} dimensions`);
    this.count += other.count;
    this.mismatched += other.mismatched;
    for (let i = 0; i < this.dims; i++) this.sum[i] += other.sum[i];
    const all = [
      ...this.keys.map((k, i) => [k, this.vectors[i]] as const),
      ...other.keys.map((k, i) => [k, other.vectors[i]] as const),
    ];
    all.sort((a, b) => a[0] - b[0]);
    const kept = all.slice(0, this.capacity);
    this.keys = kept.map((e) => e[0]);
    this.vectors = kept.map((e) => Float64Array.from(e[1]));
    this.maxIndex = this.keys.length - 1;
  }

  /** Exact mean vector of every added embedding (not just the sample); empty when none. */
  centroid(): number[] {
    return Array.from(this.sum, (s) => s / this.count);
  }

  /** The kept vectors, ordered by key. */
  sample(): number[][] {
    return this.keys
      .map((k, i) => [k, i] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, i]) => Array.from(this.vectors[i]));
  }

  toJSON(): EmbeddingSampleJson {
    const order = this.keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0]);
    const packed = new Float32Array(order.length * this.dims);
    order.forEach(([, i], row) => packed.set(this.vectors[i], row * this.dims));
    return {
      capacity: this.capacity,
      dims: this.dims,
      count: this.count,
      sum: Array.from(this.sum),
      keys: order.map(([k]) => k),
      vectors: Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength).toString('base64'),
    };
  }

  static fromJSON(json: EmbeddingSampleJson): EmbeddingSample {
    const s = new EmbeddingSample(json.capacity);
    s.dims = json.dims;
    s.count = json.count;
    s.sum = Float64Array.from(json.sum);
    const bytes = Buffer.from(json.vectors, 'base64');
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    s.keys = [...json.keys];
    s.vectors = json.keys.map((_, row) => Float64Array.from(floats.subarray(row * json.dims, (row + 1) * json.dims)));
    s.maxIndex = s.keys.length - 1;
    return s;
  }

  private offer(key: number, vector: Float64Array): void {
    if (this.keys.length < this.capacity) {
      this.keys.push(key);
      this.vectors.push(vector);
      if (this.maxIndex < 0 || key > this.keys[this.maxIndex]) this.maxIndex = this.keys.length - 1;
      return;
    }
    if (key >= this.keys[this.maxIndex]) return;
    // Replacement happens with probability capacity/count, so the O(capacity) rescan is cheap on average.
    this.keys[this.maxIndex] = key;
    this.vectors[this.maxIndex] = vector;
    let max = 0;
    for (let i = 1; i < this.keys.length; i++) if (this.keys[i] > this.keys[max]) max = i;
    this.maxIndex = max;
  }
}
