/**
 * Two 32-bit hashes of one value, written into {@link hashOut}, without allocating. Numbers hash
 * their IEEE-754 bits (so 1 and 1.0 agree, −0 is folded into 0), strings their UTF-16 code units, and
 * each type uses its own seeds so `1`, `"1"` and `true` are different values. Together the two hashes
 * behave like one 64-bit hash for HyperLogLog (index from the first, rank from the second).
 */
export const hashOut = { h1: 0, h2: 0 };

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Murmur3-style hashes of a finite number's 64 bits. */
export function hashNumber(x: number): void {
  f64[0] = x === 0 ? 0 : x;
  const lo = u32[0];
  const hi = u32[1];
  hashOut.h1 = fmix32(mixWord(mixWord(0x3c6ef372, lo), hi) ^ 8);
  hashOut.h2 = fmix32(mixWord(mixWord(0x9e3779b9, hi), lo) ^ 8);
}

/** Two independent multiplicative (FNV-1a-style) hashes over the string's code units, finalised with fmix32. */
export function hashString(s: string): void {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  hashOut.h1 = fmix32(a ^ s.length);
  hashOut.h2 = fmix32(b ^ Math.imul(s.length, 0x27d4eb2d));
}

/** Fixed hashes for the two booleans, disjoint from typical number and string hashes by seed. */
export function hashBoolean(v: boolean): void {
  hashOut.h1 = fmix32(v ? 0x6a09e667 : 0xbb67ae85);
  hashOut.h2 = fmix32(v ? 0x3c6ef372 : 0xa54ff53a);
}
