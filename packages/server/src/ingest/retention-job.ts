import type { FastifyBaseLogger } from 'fastify';
import { DAY_MS, MINUTE_MS } from '../analysis/api-health/index.js';
import type { Store } from '../storage/index.js';

/** Minute rollups are kept this long; hour and day rollups are kept for good (a few KB per model a day). */
export const MINUTE_ROLLUP_RETENTION_MS = 14 * DAY_MS;

/**
 * Deletes raw events older than the retention period, and minute rollups and infrastructure minutes older than 14 days. Hourly and
 * daily rollups stay, so charts and health numbers outlive the raw events.
 */
export async function applyRetention(
  store: Store,
  nowMs: number,
  retentionDays: number,
): Promise<{ events: number; minuteCells: number; infraMinutes: number }> {
  const events = await store.events.pruneEventsBefore(nowMs - retentionDays * DAY_MS);
  const minuteCells = await store.rollups.pruneCellsBefore(MINUTE_MS, nowMs - MINUTE_ROLLUP_RETENTION_MS);
  // Infrastructure minutes have no coarser rollup: they are kept as long as the minute rollups they sit beside.
  const infraMinutes = await store.infra.pruneBefore(nowMs - MINUTE_ROLLUP_RETENTION_MS);
  return { events, minuteCells, infraMinutes };
}

export function scheduleRetention(
  store: Store,
  opts: { retentionDays: number; now: () => number; log: FastifyBaseLogger },
): () => void {
  const run = () =>
    applyRetention(store, opts.now(), opts.retentionDays).then(
      (removed) => {
        if (removed.events || removed.minuteCells || removed.infraMinutes) opts.log.info(removed, 'retention applied');
      },
      (err: unknown) => opts.log.error({ err }, 'retention failed; retrying next hour'),
    );
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
