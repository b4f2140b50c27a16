/**
 * The 53-bit key a (model, requestId) pair is indexed under: small and fixed-size, so the request-id index
 * is ~5× smaller than one on the strings and its bulk inserts dirty fewer pages. Distinct pairs may share a
 * key (about once in 10^15 pairs); every lookup compares the model and requestId of what it finds.
 *
 * The mixing is cyrb53 (public domain): two 32-bit multiply-xorshift lanes combined into 53 bits.
 *
 * @example
 *   requestKey('churn', 'req-42')  // 6893124810391027 (always the same number for the same pair)
 */
export function requestKey(model: string, requestId: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < model.length; i++) {
    const c = model.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  // A separator no slug contains, so ("ab", "c") and ("a", "bc") differ.
  h1 = Math.imul(h1 ^ 0x1f, 2654435761);
  h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  for (let i = 0; i < requestId.length; i++) {
    const c = requestId.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
