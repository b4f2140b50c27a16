import type { AuditChainEntry, AuditEntryInput, AuditStore } from '../storage/index.js';
import { GENESIS_HASH, sealAuditEntry, verifyAuditPage, type ChainCursor } from './audit-chain.js';

export interface AuditVerification {
  isIntact: boolean;
  checked: number;
  firstBad: { seq: number; reason: string } | null;
}

export interface AuditService {
  /** Appends one entry; never throws into the caller's request (a failed write is logged). */
  record(entry: Omit<AuditEntryInput, 'atMs'> & { atMs?: number }): Promise<AuditChainEntry | null>;
  list(filter: {
    fromMs?: number;
    toMs?: number;
    actor?: string;
    action?: string;
    limit: number;
  }): Promise<AuditChainEntry[]>;
  /** Every entry in chain order, a page at a time (JSON Lines export). */
  scanAll(): AsyncGenerator<AuditChainEntry>;
  verify(): Promise<AuditVerification>;
  /** Removes entries older than the retention (days), keeping the anchor the chain restarts from. */
  prune(nowMs: number): Promise<number>;
}

const PAGE = 1000;

/**
 * The audit trail of people's and automation's actions: logins, user and key changes, configuration
 * changes, approvals, sign-offs, incident actions, exports and erasures.
 * @example const audit = createAuditService({ store: store.audit, now: Date.now, retentionDays: 400, log });
 */
export function createAuditService(deps: {
  store: AuditStore;
  now: () => number;
  retentionDays: number;
  log: { error(obj: unknown, msg: string): void };
}): AuditService {
  const { store, now } = deps;
  return {
    async record(entry) {
      const e: AuditEntryInput = { ...entry, atMs: entry.atMs ?? now() };
      try {
        return await store.append(e, sealAuditEntry(e));
      } catch (err) {
        deps.log.error({ err, action: e.action }, 'audit: entry not written');
        return null;
      }
    },
    list: (filter) => store.list(filter),
    async *scanAll() {
      let after = 0;
      for (;;) {
        const page = await store.scan(after, PAGE);
        yield* page;
        if (page.length < PAGE) return;
        after = page.at(-1)!.seq;
      }
    },
    async verify() {
      const anchor = await store.anchor();
      let cursor: ChainCursor = { seq: anchor?.seq ?? 0, hash: anchor?.hash ?? GENESIS_HASH, checked: 0 };
      let after = 0;
      for (;;) {
        const page = await store.scan(after, PAGE);
        const verdict = verifyAuditPage(page, cursor);
        if (!verdict.ok)
          return { isIntact: false, checked: cursor.checked, firstBad: { seq: verdict.seq, reason: verdict.reason } };
        cursor = verdict.cursor;
        if (page.length < PAGE) return { isIntact: true, checked: cursor.checked, firstBad: null };
        after = page.at(-1)!.seq;
      }
    },
    prune: (nowMs) => store.pruneBefore(nowMs - deps.retentionDays * 86_400_000),
  };
}
