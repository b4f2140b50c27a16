import { sortInt32 } from './float64-radix-sort.js';

/**
 * A numerical column stored as integers m with value = m / 10^scale: half the memory of float64 and a
 * 3-pass integer radix sort. Exact: parsing "d.ddd" gives the correctly rounded m'/10^k, and m/10^scale
 * is the same rational, so the same double. Values must be read back through {@link decimalToSortedFloat64}.
 */
export interface DecimalValues {
  ints: Int32Array;
  scale: number;
}

/**
 * Sorts the integers in place and returns the values as a sorted Float64Array (m / 10^scale), written
 * into `into` when it is large enough (callers reuse one buffer column after column).
 * @example decimalToSortedFloat64({ ints: Int32Array.of(25, -5), scale: 1 }) // [-0.5, 2.5]
 */
export function decimalToSortedFloat64(d: DecimalValues, into?: Float64Array): Float64Array {
  sortInt32(d.ints);
  const out = into && into.length >= d.ints.length ? into.subarray(0, d.ints.length) : new Float64Array(d.ints.length);
  if (d.scale === 0) {
    for (let i = 0; i < out.length; i++) out[i] = d.ints[i];
  } else {
    const p = 10 ** d.scale;
    for (let i = 0; i < out.length; i++) out[i] = d.ints[i] / p;
  }
  return out;
}
