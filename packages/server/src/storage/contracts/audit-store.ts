/** One audit entry before it is chained: who did what, to what, when, from where, with what outcome. */
export interface AuditEntryInput {
  atMs: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  sourceIp: string | null;
  before: unknown;
  after: unknown;
}

/** An entry in the chain: `hash` covers `prevHash` and the entry, so any edit, deletion or reordering shows. */
export interface AuditChainEntry extends AuditEntryInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** Where the kept chain starts after retention removed older entries. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/**
 * The append-only audit trail. `append` runs `seal` inside the write, with the last entry, so entries chain
 * in commit order even under concurrent writers; the store never changes an entry (SQLite refuses UPDATE).
 */
export interface AuditStore {
  append(
    entry: AuditEntryInput,
    seal: (last: AuditAnchor | null) => { seq: number; prevHash: string; hash: string },
  ): Promise<AuditChainEntry>;
  /** Entries in chain order with seq > afterSeq. */
  scan(afterSeq: number, limit: number): Promise<AuditChainEntry[]>;
  /** Newest first, filtered. */
  list(filter: {
    fromMs?: number;
    toMs?: number;
    actor?: string;
    action?: string;
    limit: number;
  }): Promise<AuditChainEntry[]>;
  /** The last removed entry (null when nothing was pruned): verification starts from it. */
  anchor(): Promise<AuditAnchor | null>;
  /** Removes entries older than `beforeMs` (retention) and records the anchor. */
  pruneBefore(beforeMs: number): Promise<number>;
}
