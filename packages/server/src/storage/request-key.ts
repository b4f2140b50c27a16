import { hashOut, hashString } from '../analysis/profile/value-hash.js';

/**
 * The 53-bit key a (model, requestId) pair is indexed under: small and fixed-size, so the request-id index
 * is ~5× smaller than one on the strings and its bulk inserts dirty fewer pages. Distinct pairs may share a
 * key (about once in 10^15 pairs); every lookup compares the model and requestId of what it finds.
 *
 * The two 32-bit string hashes the profiles use for distinct counts (value-hash.ts), 21 bits of one above the
 * 32 of the other.
 *
 * @example
 *   requestKey('churn', 'req-42')  // the same number < 2^53 for the same pair, every time
 */
export function requestKey(model: string, requestId: string): number {
  // A separator no slug contains, so ("ab", "c") and ("a", "bc") differ.
  hashString(`${model}\u0000${requestId}`);
  return (hashOut.h2 & 0x1fffff) * 4294967296 + hashOut.h1;
}
