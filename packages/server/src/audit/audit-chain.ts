import { createHash } from 'node:crypto';
import type { AuditAnchor, AuditChainEntry, AuditEntryInput } from '../storage/index.js';

/** The `prevHash` of the first entry ever written. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 over the previous entry's hash, the position and every field: an edited field, a removed entry
 * or two swapped entries all break the chain from that point.
 * @example hashAuditEntry(GENESIS_HASH, 1, entry)
 */
export function hashAuditEntry(prevHash: string, seq: number, e: AuditEntryInput): string {
  const body = canonicalJson({
    seq,
    at: e.atMs,
    actor: e.actor,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    sourceIp: e.sourceIp,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** The seal an append uses: the next position and the hash chained to the last entry (or the anchor). */
export function sealAuditEntry(e: AuditEntryInput) {
  return (last: AuditAnchor | null) => {
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    return { seq, prevHash, hash: hashAuditEntry(prevHash, seq, e) };
  };
}

export interface ChainCursor {
  seq: number;
  hash: string;
  checked: number;
}

export type ChainVerdict = { ok: true; cursor: ChainCursor } | { ok: false; seq: number; reason: string };

/**
 * Checks one page of entries, in the order the store returns them, continuing from `cursor` (start with the
 * retention anchor, or seq 0 and the genesis hash).
 */
export function verifyAuditPage(entries: readonly AuditChainEntry[], cursor: ChainCursor): ChainVerdict {
  let { seq, hash, checked } = cursor;
  for (const e of entries) {
    if (e.seq !== seq + 1)
      return {
        ok: false,
        seq: e.seq,
        reason:
          e.seq > seq + 1 ? `entries ${seq + 1}–${e.seq - 1} are missing (deleted)` : `entry out of order after ${seq}`,
      };
    if (e.prevHash !== hash) return { ok: false, seq: e.seq, reason: 'prevHash does not match the previous entry' };
    if (hashAuditEntry(e.prevHash, e.seq, e) !== e.hash)
      return { ok: false, seq: e.seq, reason: 'content does not match its hash (edited)' };
    seq = e.seq;
    hash = e.hash;
    checked++;
  }
  return { ok: true, cursor: { seq, hash, checked } };
}
