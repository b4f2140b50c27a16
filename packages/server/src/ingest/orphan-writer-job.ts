import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../storage/index.js';
import { IngestPipeline, type IngestPipelineOptions } from './ingest-pipeline.js';

const QUIET_OBSERVER = { onEvents() {}, onBatch() {}, onFlush() {} };

/**
 * Puts the events a dead node acknowledged into the rollups, segment cells and model windows, exactly once. The
 * store hands over a dead node's writer (`store.cluster.adoptOrphanWriter`: its lock was free and its heartbeat
 * stale, and taking it fenced the old owner out); a pipeline of its own, reading and flushing as that writer,
 * replays its events and labels above its watermarks — the same `recover()` a restarted node runs — and the
 * writer is retired. A failure releases it for the next attempt here or on another node: every flush moved the
 * watermarks with the cells, so a second replay starts where the first stopped.
 *
 * @returns how many events and labels were replayed (0 when there was no dead writer)
 */
export async function adoptOrphanWriters(
  store: Store,
  log: FastifyBaseLogger,
  opts: Omit<IngestPipelineOptions, 'onFlushError'>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const adopted = await store.cluster.adoptOrphanWriter();
    if (!adopted) return total;
    const pipeline = new IngestPipeline(adopted.store, QUIET_OBSERVER, log, opts);
    try {
      const replayed = await pipeline.recover();
      await pipeline.flush();
      await adopted.retire();
      log.info({ replayed }, "adopted a dead node's writer: its acknowledged events are in the rollups");
      total += replayed;
    } catch (err) {
      await adopted.release();
      throw err;
    }
  }
}
