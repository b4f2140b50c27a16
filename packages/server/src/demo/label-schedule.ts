/** A label waiting for its moment: ground truth arrives minutes to hours after the prediction. */
export interface PendingLabel {
  dueMs: number;
  model: string;
  requestId: string;
  label: string | number;
}

/**
 * A min-heap of pending labels by due time. Bounded: past `maxSize` new labels are refused and counted,
 * so a demo left running at a high rate cannot grow without limit.
 *
 * @example
 *   const s = new LabelSchedule(100_000); s.push({ dueMs, model, requestId, label });
 *   for (const l of s.popDue(Date.now())) vigil.label(l);
 */
export class LabelSchedule {
  private readonly heap: PendingLabel[] = [];
  refused = 0;

  constructor(private readonly maxSize: number) {}

  get size(): number {
    return this.heap.length;
  }

  push(l: PendingLabel): boolean {
    if (this.heap.length >= this.maxSize) {
      this.refused++;
      return false;
    }
    const h = this.heap;
    h.push(l);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.dueMs <= h[i]!.dueMs) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
    return true;
  }

  /** Removes and returns every label due at or before `nowMs`, earliest first. */
  popDue(nowMs: number): PendingLabel[] {
    const out: PendingLabel[] = [];
    const h = this.heap;
    while (h.length > 0 && h[0]!.dueMs <= nowMs) {
      out.push(h[0]!);
      const last = h.pop()!;
      if (h.length === 0) break;
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.dueMs < h[m]!.dueMs) m = l;
        if (r < h.length && h[r]!.dueMs < h[m]!.dueMs) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return out;
  }
}
