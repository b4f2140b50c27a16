import type { LabelRecord, StoredEventRecord } from './event-store.js';

/** A label held for a subject: sent with its subjectId, or labelling one of its events. */
export interface SubjectLabelRecord extends LabelRecord {
  id: number;
  subjectId: string | null;
}

/** Everything the store holds for one data subject (at most `maxItems` events and labels listed). */
export interface SubjectHoldings {
  events: StoredEventRecord[];
  labels: SubjectLabelRecord[];
  eventCount: number;
  labelCount: number;
  models: string[];
  isTruncated: boolean;
}

export interface SubjectErasureCounts {
  events: number;
  labels: number;
  blocksRewritten: number;
}

/** How long one use case's data is kept; null = the global default. */
export interface RetentionPolicyRecord {
  useCaseId: string;
  rawEventDays: number | null;
  rollupDays: number | null;
  updatedAtMs: number;
  updatedBy: string | null;
}

/**
 * Data subjects (GDPR) and retention per use case. Events with a subjectId are found through the subject index
 * (subject key → block ids) written in the same transaction as the events; labels carry their own subject_id.
 */
export interface PrivacyStore {
  /** The subject's events (oldest first) and labels, at most `maxItems` of each listed; the counts are complete. */
  findSubject(subjectId: string, maxItems: number): Promise<SubjectHoldings>;
  /**
   * Removes the subject's events — each affected block rewritten without them, the other events kept under their
   * ids — its labels and the labels of its events, in one transaction; then makes the removed bytes unreadable as
   * far as the backend can (SQLite: secure_delete and a WAL checkpoint; PostgreSQL: VACUUM, docs/gdpr.md).
   */
  eraseSubject(subjectId: string): Promise<SubjectErasureCounts>;
  listRetentionPolicies(): Promise<RetentionPolicyRecord[]>;
  putRetentionPolicy(policy: RetentionPolicyRecord): Promise<void>;
  /** Deletes the models' raw events and labels received before `cutoffMs`; returns how many of each. */
  pruneModelEventsBefore(models: string[], cutoffMs: number): Promise<{ events: number; labels: number }>;
  /** Deletes the models' rollup and segment cells (every level) with a bucket before `cutoffMs`. */
  pruneModelRollupsBefore(models: string[], cutoffMs: number): Promise<number>;
}
