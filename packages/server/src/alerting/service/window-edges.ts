import { HealthCell, MINUTE_MS, OTHER_SEGMENT_VALUE, segmentName } from '../../analysis/api-health/index.js';
import { recordToFacts } from '../../ingest/index.js';
import type { EventStore } from '../../storage/index.js';

/** Where a rule window [from, to) needs raw events: the partial minutes at its edges. */
export interface WindowEdges {
  /** Whole minutes [wholeFrom, wholeTo), read from rollup cells; empty when wholeFrom ≥ wholeTo. */
  wholeFrom: number;
  wholeTo: number;
  /** [from, first whole minute), or null when `from` is on a minute. */
  head: readonly [number, number] | null;
  /** [last whole minute, to), or null when `to` is on a minute. */
  tail: readonly [number, number] | null;
}

/**
 * Splits [from, to) into whole minutes and the partial minutes at either edge. A window inside one minute is
 * all head.
 * @example planWindowEdges(90_500, 215_000) // whole [120_000, 180_000), head [90_500, 120_000), tail [180_000, 215_000)
 */
export function planWindowEdges(from: number, to: number): WindowEdges {
  const wholeFrom = Math.ceil(from / MINUTE_MS) * MINUTE_MS;
  const wholeTo = Math.floor(to / MINUTE_MS) * MINUTE_MS;
  if (wholeFrom > wholeTo) return { wholeFrom, wholeTo: wholeFrom, head: from < to ? [from, to] : null, tail: null };
  return {
    wholeFrom,
    wholeTo,
    head: from < wholeFrom ? [from, wholeFrom] : null,
    tail: wholeTo < to ? [wholeTo, to] : null,
  };
}

/** The series key of a cell: segment ("" = all calls), model, endpoint. */
export function seriesKey(segment: string, model: string, endpoint: string): string {
  return `${segment}\u0000${model}\u0000${endpoint}`;
}

export interface EdgeReadOptions {
  events: Pick<EventStore, 'findEvents'>;
  /** Edges starting before this are not read (raw events are pruned after the retention): they fall back to minutes. */
  oldestMs: number;
  /** Raw events read per round at most; beyond it the remaining edges fall back to minute cells. */
  maxEvents: number;
}

/** Partial-minute cells by edge ("from\0to") and series key; an edge absent from the map was not read. */
export type EdgeCells = Map<string, Map<string, HealthCell>>;

export function edgeKey(edge: readonly [number, number]): string {
  return `${edge[0]}\u0000${edge[1]}`;
}

const PAGE = 5_000;

/**
 * Reads the raw events of every edge (overlapping edges in one read) and adds each call to the cell of its
 * model and endpoint, and of each wanted segment ("key=value") it carries — the same `HealthCell.add` the
 * rollups use, so an edge cell equals the minute cell it stands for, cut to the edge. `(other)` segments
 * (tag values past the cardinality cap) cannot be recognised from one event and are not read.
 */
export async function readEdgeCells(
  edges: ReadonlyArray<readonly [number, number]>,
  options: EdgeReadOptions & { model?: string; segments: ReadonlySet<string> },
): Promise<EdgeCells> {
  const out: EdgeCells = new Map();
  const wanted = [...new Map(edges.map((e) => [edgeKey(e), e])).values()]
    .filter((e) => e[0] >= options.oldestMs)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const tags = [...options.segments]
    .map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] as const)
    .filter(([, value]) => value !== OTHER_SEGMENT_VALUE);
  let budget = options.maxEvents;
  for (const range of mergeEdges(wanted)) {
    const inRange = wanted.filter((e) => e[0] >= range[0] && e[1] <= range[1]);
    const cells = inRange.map(() => new Map<string, HealthCell>());
    let cursor: string | undefined;
    let isComplete = true;
    do {
      const page = await options.events.findEvents({
        fromMs: range[0],
        toMs: range[1],
        model: options.model,
        limit: PAGE,
        cursor,
      });
      budget -= page.events.length;
      if (budget < 0) {
        isComplete = false;
        break;
      }
      for (const r of page.events) {
        const facts = recordToFacts(r);
        const eventTags = r.event.tags;
        for (const [k, e] of inRange.entries()) {
          if (facts.timestampMs < e[0] || facts.timestampMs >= e[1]) continue;
          addTo(cells[k]!, seriesKey('', facts.model, facts.endpoint), facts);
          if (!eventTags) continue;
          for (const [key, value] of tags)
            if (eventTags[key] === value)
              addTo(cells[k]!, seriesKey(segmentName(key, value), facts.model, facts.endpoint), facts);
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    if (!isComplete) break;
    inRange.forEach((e, k) => out.set(edgeKey(e), cells[k]!));
  }
  return out;
}

function addTo(cells: Map<string, HealthCell>, key: string, facts: ReturnType<typeof recordToFacts>): void {
  let cell = cells.get(key);
  if (!cell) cells.set(key, (cell = new HealthCell()));
  cell.add(facts);
}

function mergeEdges(sorted: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [f, t] of sorted) {
    const last = out.at(-1);
    if (last && f <= last[1]) last[1] = Math.max(last[1], t);
    else out.push([f, t]);
  }
  return out;
}
