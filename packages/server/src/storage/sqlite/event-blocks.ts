import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { promisify } from 'node:util';
import type { Event } from '@vigil/protocol';
import { requestKey } from '../request-key.js';
import type { EventRecord, StoredEventRecord } from '../store-types.js';

/**
 * Events are stored in blocks: one row per run of consecutive events (ids) of one model whose timestamps fall
 * in one UTC hour, at most BLOCK_MAX_EVENTS. A 100-event batch is one row insert instead of a hundred, and
 * a block's timestamps span less than an hour, so a time-range read finds its blocks by `max_ts` alone.
 *
 * A block row holds `keys` — the JSON array of each event's request key (request-key.ts), read by the bulk
 * request-id indexer without parsing the events — and `events`, a JSON array with one array per event:
 * [requestId, ts, receivedAt, endpoint, status, errorType, latencyMs, costUsd, inputTokens, outputTokens,
 *  ttftMs, modelType, modelVersion, priceVersion, body], the body being the event JSON as the client sent it,
 * compressed with Brotli at quality 1: ~7× smaller, and compressing costs less than SQLite writing the
 * bytes it saves (SQLite copies a large value at ~200 MB/s on this class of machine).
 */
export const BLOCK_MAX_EVENTS = 256;
export const BLOCK_SPAN_MS = 3_600_000;

export interface EventBlock {
  id: number;
  lastId: number;
  model: string;
  minTs: number;
  maxTs: number;
  receivedAt: number;
  keys: string;
  /** Brotli-compressed JSON. */
  events: Buffer;
}

const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };
const compress = promisify(brotliCompress);

interface OpenBlock {
  id: number;
  model: string;
  hour: number;
  minTs: number;
  maxTs: number;
  receivedAt: number;
  keys: number[];
  tuples: unknown[][];
}

/** Packs events, in id order, into blocks; a new block starts at a gap in ids, another model or hour, or when full. */
export class BlockBuilder {
  private readonly open: OpenBlock[] = [];

  add(id: number, r: EventRecord): void {
    const hour = Math.floor(r.timestampMs / BLOCK_SPAN_MS);
    let b = this.open.at(-1);
    if (!b || b.model !== r.model || b.hour !== hour || b.id + b.keys.length !== id || b.keys.length >= BLOCK_MAX_EVENTS) {
      b = { id, model: r.model, hour, minTs: r.timestampMs, maxTs: r.timestampMs, receivedAt: r.receivedAtMs, keys: [], tuples: [] };
      this.open.push(b);
    }
    if (r.timestampMs < b.minTs) b.minTs = r.timestampMs;
    if (r.timestampMs > b.maxTs) b.maxTs = r.timestampMs;
    if (r.receivedAtMs < b.receivedAt) b.receivedAt = r.receivedAtMs;
    b.keys.push(requestKey(r.model, r.requestId));
    b.tuples.push([
      r.requestId, r.timestampMs, r.receivedAtMs, r.endpoint, r.status, r.errorType, r.latencyMs, r.costUsd,
      r.inputTokens, r.outputTokens, r.ttftMs, r.modelType, r.modelVersion, r.priceVersion, r.event,
    ]);
  }

  get size(): number {
    let n = 0;
    for (const b of this.open) n += b.keys.length;
    return n;
  }

  /** The blocks, compressed on libuv's thread pool so the event loop goes on meanwhile. */
  blocks(): Promise<EventBlock[]> {
    return Promise.all(this.open.map(async (b) => toBlock(b, await compress(JSON.stringify(b.tuples), BROTLI))));
  }

  /** The blocks, compressed on this thread (for a migration, inside its transaction). */
  blocksSync(): EventBlock[] {
    return this.open.map((b) => toBlock(b, brotliCompressSync(JSON.stringify(b.tuples), BROTLI)));
  }
}

function toBlock(b: OpenBlock, events: Buffer): EventBlock {
  return { id: b.id, lastId: b.id + b.keys.length - 1, model: b.model, minTs: b.minTs, maxTs: b.maxTs, receivedAt: b.receivedAt, keys: `[${b.keys.join(',')}]`, events };
}

type StoredTuple = [string, number, number, string | null, 'ok' | 'error', string | null, number | null, number | null, number | null, number | null, number | null, string | null, string | null, number | null, Event];

/** The events of a block row, in id order. */
export function decodeBlock(id: number, model: string, events: Buffer): StoredEventRecord[] {
  const tuples = JSON.parse(brotliDecompressSync(events).toString()) as StoredTuple[];
  return tuples.map((t, i) => ({
    id: id + i,
    model,
    requestId: t[0],
    timestampMs: t[1],
    receivedAtMs: t[2],
    endpoint: t[3],
    status: t[4],
    errorType: t[5],
    latencyMs: t[6],
    costUsd: t[7],
    inputTokens: t[8],
    outputTokens: t[9],
    ttftMs: t[10],
    modelType: t[11],
    modelVersion: t[12],
    priceVersion: t[13],
    event: t[14],
  }));
}
