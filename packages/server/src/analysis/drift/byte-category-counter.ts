/**
 * Counts distinct byte strings in an open-addressing table, so no string is made per cell (only one per
 * distinct category).
 * @example const c = new ByteCategoryCounter(); c.addText('a'); c.addText('a'); c.toMap() // Map { 'a' => 2 }
 */
export class ByteCategoryCounter {
  private slots = new Int32Array(1024).fill(-1);
  private hashes = new Uint32Array(64);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private arena = new Uint8Array(4096);
  private arenaUsed = 0;
  private countsArr = new Float64Array(64);
  readonly labels: string[] = [];

  add(buf: Uint8Array, start: number, end: number): void {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h >>>= 0;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const len = end - start;
    for (;;) {
      const e = this.slots[slot];
      if (e < 0) break;
      if (this.hashes[e] === h && this.lengths[e] === len) {
        const s = this.starts[e];
        let same = true;
        for (let i = 0; i < len; i++) {
          if (this.arena[s + i] !== buf[start + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          this.countsArr[e]++;
          return;
        }
      }
      slot = (slot + 1) & mask;
    }
    this.insert(slot, h, buf, start, end);
  }

  private insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): void {
    const e = this.labels.length;
    const len = end - start;
    if (e === this.hashes.length) {
      const grow = <T extends Uint32Array | Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.countsArr = grow(this.countsArr);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const b = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      b.set(this.arena);
      this.arena = b;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    this.hashes[e] = h;
    this.starts[e] = this.arenaUsed;
    this.lengths[e] = len;
    this.countsArr[e] = 1;
    this.arenaUsed += len;
    this.slots[slot] = e;
    this.labels.push(Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('utf8'));
    if (this.labels.length * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.labels.length; e++) {
      let slot = this.hashes[e] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.slots = slots;
  }

  addText(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.add(b, 0, b.length);
  }

  toMap(): Map<string, number> {
    const m = new Map<string, number>();
    for (let e = 0; e < this.labels.length; e++) m.set(this.labels[e], this.countsArr[e]);
    return m;
  }
}
