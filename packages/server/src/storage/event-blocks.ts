import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Event } from '@vigil/protocol';
import { assignedRequestId, eventIdOfAssigned, requestKey, subjectKey } from './request-key.js';
import type { EventRecord, StoredEventRecord } from './contracts/index.js';

/**
 * Events are stored in blocks: one row per run of consecutive events (ids) of one model whose timestamps fall
 * in one UTC hour, at most BLOCK_MAX_EVENTS. A 100-event batch is one row insert instead of a hundred, and
 * a block's timestamps span less than an hour, so a time-range read finds its blocks by `max_ts` alone.
 *
 * A block holds `keys` — the JSON array of each event's request key (request-key.ts; 0 for a request id the
 * store assigned), read by the bulk request-id indexer without parsing the events — `times`, each event's
 * timestamp − minTs, which lets a read of the newest events pick the blocks it needs before decompressing
 * any — and `events`: the JSON `[tuples, ...requests]`, one tuple per event, [requestId (null when the store
 * assigned it), receivedAt − receivedAt of the block, status, errorType, costUsd, priceVersion, event?], the
 * event as the client sent it (its time is in `times`). A request stored whole and unchanged (all its events
 * accepted, none masked) follows the tuples as its own JSON text (`{"events": [...]}`), and its events' tuples
 * leave the event out: the text is kept rather than serialised again. The other columns (endpoint, latency,
 * tokens, model type and version) are the event's own fields, read back from it. The JSON is compressed with
 * Brotli: ~7× smaller, and compressing costs less than SQLite writing the bytes it saves (SQLite copies a
 * large value at ~200 MB/s on this class of machine).
 *
 * Blocks are encoded without ids: the store gives a block the next `count` ids as it writes it.
 */
export const BLOCK_MAX_EVENTS = 256;
export const BLOCK_SPAN_MS = 3_600_000;

export interface EncodedBlock {
  model: string;
  count: number;
  minTs: number;
  maxTs: number;
  receivedAt: number;
  keys: string;
  times: string;
  /** Brotli-compressed JSON. */
  events: Uint8Array;
  /** The subject keys (request-key.ts `subjectKey`) of the events that carry a subjectId, each once. */
  subjects: number[];
}

/** What a block stores of an event; a stored event read back is one (with more fields). */
export type BlockRecord = Pick<
  EventRecord,
  'model' | 'requestId' | 'timestampMs' | 'receivedAtMs' | 'status' | 'errorType' | 'costUsd' | 'priceVersion' | 'event'
>;

/**
 * Quality 0 with a 64 KB window: the default 4 MB window costs more to set up than compressing a block does
 * (100-event block: ~50 µs, 47 KB → 6.5 KB).
 */
const BROTLI = {
  [constants.BROTLI_PARAM_QUALITY]: 0,
  [constants.BROTLI_PARAM_LGWIN]: 16,
  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
};

interface OpenBlock {
  model: string;
  hour: number;
  minTs: number;
  maxTs: number;
  receivedAt: number;
  keys: number[];
  records: BlockRecord[];
  /** Per record: its event is in one of `requests` rather than in its tuple. */
  inRequest: boolean[];
  requests: string[];
}

/** Packs events, in the order they will be numbered, into blocks; a new block starts at another model or hour, or when full. */
export class BlockBuilder {
  private open: OpenBlock[] = [];

  add(r: BlockRecord): void {
    this.put(this.blockFor(r), r, false);
  }

  /**
   * Adds a request's events; `json`, when given, is the request's text (`{"events": [...]}`) holding exactly
   * these events, unchanged and in order, and is stored as it is when they all fit one block.
   */
  addRequest(records: readonly BlockRecord[], json?: string): void {
    const first = records[0];
    if (
      json === undefined ||
      first === undefined ||
      records.some((r) => r.model !== first.model || hourOf(r) !== hourOf(first))
    ) {
      for (const r of records) this.add(r);
      return;
    }
    const b = this.blockFor(first);
    for (const r of records) this.put(b, r, true);
    b.requests.push(json);
  }

  private blockFor(r: BlockRecord): OpenBlock {
    const hour = hourOf(r);
    let b = this.open.at(-1);
    if (!b || b.model !== r.model || b.hour !== hour || b.keys.length >= BLOCK_MAX_EVENTS) {
      b = {
        model: r.model,
        hour,
        minTs: r.timestampMs,
        maxTs: r.timestampMs,
        receivedAt: r.receivedAtMs,
        keys: [],
        records: [],
        inRequest: [],
        requests: [],
      };
      this.open.push(b);
    }
    return b;
  }

  private put(b: OpenBlock, r: BlockRecord, inRequest: boolean): void {
    if (r.timestampMs < b.minTs) b.minTs = r.timestampMs;
    if (r.timestampMs > b.maxTs) b.maxTs = r.timestampMs;
    if (r.receivedAtMs < b.receivedAt) b.receivedAt = r.receivedAtMs;
    // An id the store assigns is neither stored nor indexed: the event id gives it back (request-key.ts).
    b.keys.push(r.requestId === null ? 0 : requestKey(r.model, r.requestId));
    b.records.push(r);
    b.inRequest.push(inRequest);
  }

  /** Encodes the blocks added so far and starts afresh. */
  take(): EncodedBlock[] {
    const out = this.open.map((b) => {
      // Small numbers: offsets from the block's first timestamp and receipt time format faster and smaller.
      // The timestamps are the `times` column only.
      const tuples = JSON.stringify(
        b.records.map((r, i) => {
          const t: unknown[] = [
            r.requestId,
            r.receivedAtMs - b.receivedAt,
            r.status,
            r.errorType,
            r.costUsd,
            r.priceVersion,
          ];
          if (!b.inRequest[i]) t.push(r.event);
          return t;
        }),
      );
      const json = jsonArrayBytes([tuples, ...b.requests]);
      const events = brotliCompressSync(json, {
        params: { ...BROTLI, [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
      });
      const times = JSON.stringify(b.records.map((r) => r.timestampMs - b.minTs));
      // JSON.stringify formats the 53-bit keys about twice as fast as join (each is a new heap number).
      return {
        model: b.model,
        count: b.records.length,
        minTs: b.minTs,
        maxTs: b.maxTs,
        receivedAt: b.receivedAt,
        keys: JSON.stringify(b.keys),
        times,
        events,
        subjects: [
          ...new Set(
            b.records.flatMap((r) => (r.event.subjectId === undefined ? [] : [subjectKey(r.event.subjectId)])),
          ),
        ],
      };
    });
    this.open = [];
    return out;
  }
}

/**
 * `[a,b,...]` of JSON texts, written as UTF-8 into one buffer. Joining the request texts into one string first,
 * and handing zlib that, cost up to 6× more: a block of three requests whose events carry their own
 * requestIds took ~2 ms that way and ~0.4 ms this way.
 */
function jsonArrayBytes(texts: string[]): Buffer {
  let size = 1;
  for (const t of texts) size += 1 + Buffer.byteLength(t);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  texts.forEach((t, i) => {
    out[at++] = i === 0 ? 0x5b : 0x2c; // [ or ,
    at += out.write(t, at);
  });
  out[at++] = 0x5d; // ]
  return out;
}

type StoredTuple = [string | null, number, 'ok' | 'error', string | null, number | null, number | null, Event?];

const hourOf = (r: BlockRecord) => Math.floor(r.timestampMs / BLOCK_SPAN_MS);

/** The events of a block row, in id order; `requestIdPrefix` is the store's, for the request ids it assigned. */
export function decodeBlock(
  block: {
    id: number;
    model: string;
    minTs: number;
    receivedAt: number;
    /** JSON text (SQLite) or the array itself (PostgreSQL's integer[]). */
    times: string | readonly number[];
    events: Uint8Array;
  },
  requestIdPrefix: string,
): StoredEventRecord[] {
  const times = typeof block.times === 'string' ? (JSON.parse(block.times) as number[]) : block.times;
  const [tuples, ...requests] = JSON.parse(brotliDecompressSync(block.events).toString()) as [
    StoredTuple[],
    ...Array<{ events: Event[] }>,
  ];
  const fromRequests = requests.flatMap((q) => q.events);
  let next = 0;
  return tuples.map(([requestId, receivedAt, status, errorType, costUsd, priceVersion, inline], i) => {
    const event = inline ?? fromRequests[next++]!;
    return {
      id: block.id + i,
      model: block.model,
      requestId: requestId ?? assignedRequestId(requestIdPrefix, block.id + i),
      timestampMs: block.minTs + times[i]!,
      receivedAtMs: block.receivedAt + receivedAt,
      endpoint: event.endpoint ?? null,
      status,
      errorType,
      latencyMs: event.latencyMs ?? null,
      costUsd,
      inputTokens: event.llm?.inputTokens ?? null,
      outputTokens: event.llm?.outputTokens ?? null,
      ttftMs: event.llm?.ttftMs ?? null,
      modelType: event.modelType ?? null,
      modelVersion: event.modelVersion ?? null,
      priceVersion,
      event,
    };
  });
}

/**
 * A stored block without some of its events (a data subject's, erased): one block per run of consecutive ids that
 * remain, each numbered from its first event's id, so every kept event keeps its id. Empty when none remain.
 *
 * @example rewriteWithout(decodeBlock(row, prefix), (e) => e.event.subjectId === 'cust-42', prefix)
 */
export function rewriteWithout(
  events: readonly StoredEventRecord[],
  isErased: (e: StoredEventRecord) => boolean,
  requestIdPrefix: string,
): { erased: StoredEventRecord[]; runs: Array<{ firstId: number; block: EncodedBlock }> } {
  const erased: StoredEventRecord[] = [];
  const runs: Array<{ firstId: number; block: EncodedBlock }> = [];
  let run: StoredEventRecord[] = [];
  const close = () => {
    if (run.length === 0) return;
    const builder = new BlockBuilder();
    for (const e of run)
      builder.add({
        ...e,
        // An id the store assigned is stored as null: the event id gives it back (request-key.ts).
        requestId: eventIdOfAssigned(requestIdPrefix, e.requestId) === e.id ? null : e.requestId,
      });
    const [block] = builder.take();
    runs.push({ firstId: run[0]!.id, block: block! });
    run = [];
  };
  for (const e of events) {
    if (isErased(e)) {
      erased.push(e);
      close();
    } else run.push(e);
  }
  close();
  return { erased, runs };
}
