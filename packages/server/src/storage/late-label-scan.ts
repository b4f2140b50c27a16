// What both backends' late label scans (EventStore.scanLateLabels) read alike.
import type { PendingLabel } from './contracts/index.js';

/** A pending label's columns under PendingLabel's names (quoted: PostgreSQL folds unquoted aliases to lower case). */
export const PENDING_LABEL_COLUMNS =
  'id, model, request_id AS "requestId", label, ts AS "timestampMs", received_at AS "receivedAtMs", subject_id AS "subjectId"';

export type PendingLabelRow = Omit<PendingLabel, 'isMatched'>;

export function toPendingLabel(r: PendingLabelRow): PendingLabel {
  return {
    id: Number(r.id),
    model: r.model,
    requestId: r.requestId,
    label: r.label,
    timestampMs: r.timestampMs,
    receivedAtMs: r.receivedAtMs,
    isMatched: false,
    subjectId: r.subjectId ?? null,
  };
}

/**
 * The new event mark of a scan page: the last of `blocks` (ascending, above `mark`) whose events still fit in
 * `limit`, at least one block; `mark` itself when there are none.
 */
export function eventMarkWithin(
  blocks: ReadonlyArray<{ id: number; lastId: number }>,
  mark: number,
  limit: number,
): number {
  let events = 0;
  let next = mark;
  for (const b of blocks) {
    if (events > 0 && events + (b.lastId - b.id + 1) > limit) break;
    events += b.lastId - b.id + 1;
    next = b.id;
  }
  return next;
}
