import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import type { ColumnKind } from '../drift/index.js';
import type { ColumnProfile, QuantileSketch } from '../profile/index.js';

/**
 * Largest pseudo-sample rebuilt from one sketch. Up to this many values the sample is exactly the sketch's
 * binned multiset (every value replaced by its bin's representative); above, it is that many mid-quantiles.
 */
export const MAX_RECONSTRUCTED_SAMPLE = 100_000;

/** Label of the Misra-Gries remainder when a categorical summary evicted values. */
export const OTHER_CATEGORY = '(other)';

type Mapping = LogCollapsingLowestDenseDDSketch['mapping'];
const mappings = new Map<number, Mapping>();

function mappingFor(relativeAccuracy: number): Mapping {
  let m = mappings.get(relativeAccuracy);
  if (m === undefined)
    mappings.set(relativeAccuracy, (m = new LogCollapsingLowestDenseDDSketch({ relativeAccuracy }).mapping));
  return m;
}

/**
 * Rebuilds a numerical sample from a quantile sketch: `approximateSample(min(count, MAX_RECONSTRUCTED_SAMPLE))`,
 * each value snapped to its bin's canonical representative. The snap matters: `bins()` clamps the lowest and
 * highest bins to the sketch's own min and max, so the same bin would otherwise carry a different value in
 * the reference and in the current sketch and a discrete column (0/1/2…) would look drifted.
 *
 * @example reconstructSample(profile.features.get('age')!.sketch!) // Float64Array of binned ages
 */
export function reconstructSample(sketch: QuantileSketch, maxSize = MAX_RECONSTRUCTED_SAMPLE): Float64Array {
  const size = Math.min(sketch.count, maxSize);
  const raw = sketch.approximateSample(size);
  const mapping = mappingFor(sketch.relativeAccuracy);
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = canonicalValue(raw[i]!, mapping);
  return out;
}

function canonicalValue(x: number, mapping: Mapping): number {
  if (x > mapping.minPossible) return mapping.value(mapping.key(x));
  if (x < -mapping.minPossible) return -mapping.value(mapping.key(-x));
  return 0;
}

/**
 * The drift kind of a profiled column: numerical when every non-missing finite value was a number
 * (docs/drift.md's rule applied to typed event values), else categorical. Null when it has no values.
 */
export function columnKind(c: ColumnProfile | undefined): ColumnKind | null {
  if (c === undefined) return null;
  const finite = c.types.number - c.nonFinite;
  if (c.types.string + c.types.boolean > 0) return 'categorical';
  return finite > 0 ? 'numerical' : null;
}

/**
 * Category counts of a column: its kept string/boolean values, the Misra-Gries remainder as `(other)`
 * (present only when values were evicted: each kept count is then short by at most `errorBound`), and,
 * for a column that also holds numbers, one category per sketch bin labelled by its representative value.
 *
 * @example categoryCounts(profile.outputs.get('prediction')!) // Map { 'latte' => 412, 'tea' => 88 }
 */
export function categoryCounts(c: ColumnProfile): Map<string, number> {
  const counts = new Map<string, number>();
  if (c.frequencies !== null) {
    for (const item of c.frequencies.top()) counts.set(item.value, item.count);
    const other = c.frequencies.other();
    if (other > 0) counts.set(OTHER_CATEGORY, other);
  }
  if (c.sketch !== null && c.sketch.count > 0) {
    const mapping = mappingFor(c.sketch.relativeAccuracy);
    for (const b of c.sketch.bins()) {
      const label = formatNumber(canonicalValue(b.value, mapping));
      counts.set(label, (counts.get(label) ?? 0) + b.count);
    }
  }
  return counts;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
