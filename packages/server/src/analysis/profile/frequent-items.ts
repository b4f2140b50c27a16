/** JSON form: capacity, total count and the kept [value, count] pairs. */
export interface FrequentItemsJson {
  k: number;
  n: number;
  items: [string, number][];
}

/** One reported item: `count` is a lower bound, the true count is at most `count + errorBound`. */
export interface FrequentItem {
  value: string;
  count: number;
}

/**
 * Bounded value frequencies: the Misra-Gries summary with the mergeable-summaries merge (Agarwal et al.
 * 2012). At most `capacity` counters. Every kept count underestimates the true count by at most
 * `errorBound() = other / (capacity + 1)`, where `other = total − Σ kept counts`; an item not kept has a
 * true count ≤ errorBound. While a column has ≤ capacity distinct values the summary is exact
 * (`other === 0`) and merge is then exactly associative and commutative; beyond, merge order can change
 * which small counts survive, always within the bound.
 *
 * @example
 * const f = new FrequentItems(2);
 * for (const v of ['a', 'a', 'b', 'c']) f.add(v);
 * f.top(); // [{value: 'a', count: 1}]; f.other() === 3, f.errorBound() === 1
 */
export class FrequentItems {
  readonly capacity: number;
  total = 0;
  private readonly counts = new Map<string, number>();

  constructor(capacity = 64) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`FrequentItems capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Counts `value` once, or `weight` times (then reduced like a merge of a one-item summary). */
  add(value: string, weight = 1): void {
    if (weight !== 1) {
      this.total += weight;
      this.counts.set(value, (this.counts.get(value) ?? 0) + weight);
      this.reduceToCapacity();
      return;
    }
    this.total += 1;
    const c = this.counts.get(value);
    if (c !== undefined) {
      this.counts.set(value, c + 1);
    } else if (this.counts.size < this.capacity) {
      this.counts.set(value, 1);
    } else {
      // Decrement-all costs O(capacity) but removes capacity + 1 units, so it is O(1) amortised per add.
      for (const [key, count] of this.counts) {
        if (count === 1) this.counts.delete(key);
        else this.counts.set(key, count - 1);
      }
    }
  }

  /** Merges `other` into this summary (counts added, then reduced by the (capacity+1)-th largest count). */
  merge(other: FrequentItems): void {
    if (other.capacity !== this.capacity)
      throw new RangeError(`cannot merge FrequentItems capacities ${this.capacity} and ${other.capacity}`);
    this.total += other.total;
    for (const [key, count] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    this.reduceToCapacity();
  }

  private reduceToCapacity(): void {
    if (this.counts.size <= this.capacity) return;
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[this.capacity];
    for (const [key, count] of this.counts) {
      if (count <= cut) this.counts.delete(key);
      else this.counts.set(key, count - cut);
    }
  }

  clone(): FrequentItems {
    const copy = new FrequentItems(this.capacity);
    copy.merge(this);
    return copy;
  }

  /** Kept count of a value (a lower bound), 0 when not kept. */
  countOf(value: string): number {
    return this.counts.get(value) ?? 0;
  }

  /** Whether a value is kept in the summary. */
  has(value: string): boolean {
    return this.counts.has(value);
  }

  /** The kept items by count descending, ties by value; at most `limit`. */
  top(limit = this.capacity): FrequentItem[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([value, count]) => ({ value, count }));
  }

  /** Count not attributed to any kept item: the 'other' bucket. */
  other(): number {
    let kept = 0;
    for (const c of this.counts.values()) kept += c;
    return this.total - kept;
  }

  /** Maximum underestimate of any count; 0 means the summary is exact. */
  errorBound(): number {
    return this.other() / (this.capacity + 1);
  }

  /** Whether every count is exact (no value was ever evicted). */
  isExact(): boolean {
    return this.other() === 0;
  }

  toJSON(): FrequentItemsJson {
    return {
      k: this.capacity,
      n: this.total,
      items: [...this.counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    };
  }

  static fromJSON(json: FrequentItemsJson): FrequentItems {
    const f = new FrequentItems(json.k);
    f.total = json.n;
    for (const [value, count] of json.items) f.counts.set(value, count);
    return f;
  }
}
