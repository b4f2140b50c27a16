/**
 * A bounded FIFO of unserialised items. push() is the hot path of record(): one length check and an
 * Array.push; the newest item is the one dropped when full, so what is queued keeps its order.
 *
 * @example
 *   const q = new EventQueue<object>(10_000);
 *   if (!q.push(event)) overflowed();
 *   const batch = q.take(500);
 */
export class EventQueue<T> {
  /** Items ever accepted; with the settled count this tells flush() when everything queued has left. */
  enqueued = 0;
  /** Items refused because the queue was full. */
  dropped = 0;
  private items: T[] = [];

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  push(item: T): boolean {
    if (this.items.length >= this.capacity) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    this.enqueued++;
    return true;
  }

  /** Removes and returns up to `max` items from the front. */
  take(max: number): T[] {
    if (this.items.length <= max) {
      const all = this.items;
      this.items = [];
      return all;
    }
    return this.items.splice(0, max);
  }
}
