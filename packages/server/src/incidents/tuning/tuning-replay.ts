import type { Incident } from '../../storage/index.js';

/** A firing episode of a replayed rule (the rule preview's episodes). */
export interface ReplayEpisode {
  firedAt: number | null;
  resolvedAt: number | null;
}

/**
 * The incidents a replay catches: an incident is caught when a fired episode overlaps its open interval
 * [openedAt, resolvedAt], widened by `slackMs` on both sides — the preview evaluates complete minutes in
 * hindsight, so it can fire a step or two away from when the live rule did.
 * @example catchIncidents(preview.episodes, incidents, preview.to, 2 * preview.stepMs) // Set { 'inc-1' }
 */
export function catchIncidents(
  episodes: readonly ReplayEpisode[],
  incidents: readonly Pick<Incident, 'id' | 'openedAt' | 'resolvedAt'>[],
  to: number,
  slackMs: number,
): Set<string> {
  const fired = episodes.filter((e) => e.firedAt !== null);
  const caught = new Set<string>();
  for (const incident of incidents) {
    const start = incident.openedAt - slackMs;
    const end = (incident.resolvedAt ?? to) + slackMs;
    if (fired.some((e) => e.firedAt! <= end && (e.resolvedAt ?? to) >= start)) caught.add(incident.id);
  }
  return caught;
}

/** A replayed candidate judged against the incidents' verdicts. */
export interface ReplayVerdict {
  keptTrue: number;
  removedFalse: number;
  /** Catches every true incident the current rule's replay catches. */
  isSafe: boolean;
}

/**
 * Judges a candidate: it must still catch every true incident the current rule's replay catches (a true one
 * the current replay misses cannot be promised either way), and it removes the false ones the current replay
 * caught and it does not.
 */
export function judgeReplay(
  current: ReadonlySet<string>,
  candidate: ReadonlySet<string>,
  trueIds: readonly string[],
  falseIds: readonly string[],
): ReplayVerdict {
  const required = trueIds.filter((id) => current.has(id));
  return {
    keptTrue: trueIds.filter((id) => candidate.has(id)).length,
    removedFalse: falseIds.filter((id) => current.has(id) && !candidate.has(id)).length,
    isSafe: required.every((id) => candidate.has(id)),
  };
}
