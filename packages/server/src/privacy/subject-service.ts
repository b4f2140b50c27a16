import { createHmac } from 'node:crypto';
import { SUBJECT_EXPORT_MAX_ITEMS, type SubjectErasure, type SubjectExport } from '@vigil/protocol';
import type { AuditService } from '../audit/index.js';
import { toStoredEvent } from '../ingest/index.js';
import type { PrivacyStore } from '../storage/index.js';

/** Who asks, as the audit trail names them. */
export interface SubjectRequester {
  actor: string;
  sourceIp: string | null;
}

export interface SubjectService {
  /** Everything held for the subject (events, labels), and the erasures already recorded for it. */
  exportSubject(subjectId: string, by: SubjectRequester): Promise<SubjectExport>;
  /** Erases the subject's events and labels from the store and its files; the audit trail records the fact. */
  eraseSubject(subjectId: string, by: SubjectRequester): Promise<SubjectErasure>;
  /** The form a subject id takes in the audit trail. */
  auditTarget(subjectId: string): string;
}

/** What Vigil keeps that holds no subject, named in every export. */
const NOT_HELD = [
  'rollups (API-health and segment cells): counts, error types, cost, tokens and latency sketches per model, endpoint and minute/hour/day',
  'model-health windows and profiles: per-feature distributions per model and hour',
  'alerts, incidents and reports computed from those aggregates',
];

/**
 * Data-subject export and erasure (GDPR Articles 15, 17 and 20).
 *
 * The audit trail names the subject by a keyed hash (HMAC-SHA-256 under a key derived from the secrets key),
 * never in clear: the trail is kept a year or more and exported to SIEMs, and keeping the raw id there would
 * keep the personal data the erasure removed. The server can still tell whether a given id was erased
 * (`previousErasures` in the export), and nobody without the key can test guessed ids against the trail.
 *
 * @example const subjects = createSubjectService({ store: store.privacy, audit, now, hashKey });
 */
export function createSubjectService(deps: {
  store: PrivacyStore;
  audit: AuditService;
  now: () => number;
  /** Secret key of the audit hash (derived from the secrets key). */
  hashKey: Buffer;
}): SubjectService {
  const { store, audit, now } = deps;
  const auditTarget = (subjectId: string) =>
    `subject:hmac-sha256:${createHmac('sha256', deps.hashKey).update(subjectId).digest('hex')}`;

  async function previousErasures(target: string): Promise<SubjectExport['previousErasures']> {
    const entries = await audit.list({ action: 'subject.erased', limit: 10_000 });
    return entries
      .filter((e) => e.target === target && e.outcome === 'success')
      .map((e) => {
        const after = (e.after ?? {}) as { events?: number; labels?: number };
        return {
          at: new Date(e.atMs).toISOString(),
          actor: e.actor,
          events: after.events ?? 0,
          labels: after.labels ?? 0,
        };
      });
  }

  return {
    auditTarget,
    async exportSubject(subjectId, by) {
      const held = await store.findSubject(subjectId, SUBJECT_EXPORT_MAX_ITEMS);
      const target = auditTarget(subjectId);
      await audit.record({
        actor: by.actor,
        action: 'subject.exported',
        target,
        outcome: 'success',
        sourceIp: by.sourceIp,
        before: null,
        after: { events: held.eventCount, labels: held.labelCount },
      });
      return {
        subjectId,
        exportedAt: new Date(now()).toISOString(),
        counts: { events: held.eventCount, labels: held.labelCount, models: held.models },
        isTruncated: held.isTruncated,
        events: held.events.map(toStoredEvent),
        labels: held.labels.map((l) => ({
          model: l.model,
          requestId: l.requestId,
          label: parseLabel(l.label),
          timestamp: new Date(l.timestampMs).toISOString(),
          receivedAt: new Date(l.receivedAtMs).toISOString(),
          subjectId: l.subjectId,
        })),
        previousErasures: await previousErasures(target),
        notHeld: NOT_HELD,
      };
    },
    async eraseSubject(subjectId, by) {
      const target = auditTarget(subjectId);
      const atMs = now();
      let counts;
      try {
        counts = await store.eraseSubject(subjectId);
      } catch (err) {
        await audit.record({
          actor: by.actor,
          action: 'subject.erased',
          target,
          outcome: 'failure',
          sourceIp: by.sourceIp,
          before: null,
          after: { error: err instanceof Error ? err.message.slice(0, 200) : 'failed' },
        });
        throw err;
      }
      const entry = await audit.record({
        atMs,
        actor: by.actor,
        action: 'subject.erased',
        target,
        outcome: 'success',
        sourceIp: by.sourceIp,
        before: null,
        after: counts,
      });
      return {
        subjectId,
        erasedAt: new Date(atMs).toISOString(),
        ...counts,
        auditSeq: entry?.seq ?? null,
      };
    },
  };
}

function parseLabel(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
