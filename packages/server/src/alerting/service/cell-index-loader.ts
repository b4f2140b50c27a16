import { HOUR_MS, MINUTE_MS, type RollupLevel } from '../../analysis/api-health/index.js';
import type { RollupStore } from '../../storage/index.js';
import type { MetricQuery } from '../evaluation/metric-source.js';
import { segmentOf } from '../rules/rule-metrics.js';
import { CellIndex, splitWindow } from './cell-index.js';
import { planWindowEdges, readEdgeCells, type EdgeReadOptions } from './window-edges.js';

/**
 * Reads every cell the queries need with one range read per segment, level and stretch of time
 * (overlapping windows are merged first), into a {@link CellIndex}.
 */
export async function loadCellIndex(
  rollups: RollupStore,
  queries: readonly (Pick<MetricQuery, 'from' | 'to' | 'model' | 'tags'> & { metric?: string })[],
  options: { allLevels?: boolean; edges?: EdgeReadOptions } = {},
): Promise<CellIndex> {
  const bySegment = new Map<string, (typeof queries)[number][]>();
  for (const q of queries) {
    const segment = segmentOf(q.tags);
    const list = bySegment.get(segment);
    if (list) list.push(q);
    else bySegment.set(segment, [q]);
  }
  const index = new CellIndex();
  for (const [segment, list] of bySegment) await loadSegment(rollups, index, segment, list, options);
  if (options.edges) {
    const edges = queries.flatMap((q) => {
      const plan = planWindowEdges(q.from, q.to);
      return [plan.head, plan.tail].filter((e) => e !== null);
    });
    const models = new Set(queries.map((q) => q.model));
    const onlyModel = models.size === 1 ? [...models][0] : undefined;
    index.setEdges(
      await readEdgeCells(edges, {
        ...options.edges,
        model: onlyModel,
        segments: new Set([...bySegment.keys()].filter(Boolean)),
      }),
    );
  }
  return index;
}

async function loadSegment(
  rollups: RollupStore,
  index: CellIndex,
  segment: string,
  queries: readonly (Pick<MetricQuery, 'from' | 'to' | 'model'> & { metric?: string })[],
  options: { allLevels?: boolean },
): Promise<void> {
  const ranges = new Map<number, Array<[number, number]>>();
  const models = new Set<string | undefined>();
  // Sketch bytes are most of a cell: load the latency/TTFT sketches only when a query reads a quantile.
  // A query without a metric name (SLO status) may need either.
  const sketches = { latency: false, ttft: false };
  for (const q of queries) {
    models.add(q.model);
    if (q.metric === undefined || q.metric.startsWith('latency.')) sketches.latency = true;
    if (q.metric === undefined || q.metric.startsWith('ttft.')) sketches.ttft = true;
    // allLevels: minute and hour cells over the whole range, for sliding many windows across it (previews).
    const spans = options.allLevels
      ? [
          { level: MINUTE_MS, from: q.from - (q.from % MINUTE_MS), to: q.to },
          { level: HOUR_MS, from: q.from - (q.from % HOUR_MS), to: q.to },
        ]
      : splitWindow(q.from, q.to).spans;
    for (const s of spans) {
      let list = ranges.get(s.level);
      if (!list) ranges.set(s.level, (list = []));
      list.push([s.from, s.to]);
    }
  }
  // One model in scope (previews, small setups): let the store filter by model.
  const onlyModel = models.size === 1 ? [...models][0] : undefined;
  for (const [level, list] of ranges) {
    for (const [from, to] of mergeRanges(list)) {
      const cells = await rollups.readCells({
        level: level as RollupLevel,
        fromMs: from,
        toMs: to,
        model: onlyModel,
        segment: segment || undefined,
        sketches,
      });
      index.add(level as RollupLevel, cells, segment);
    }
  }
}

function mergeRanges(list: Array<[number, number]>): Array<[number, number]> {
  list.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [f, t] of list) {
    const last = out.at(-1);
    if (last && f <= last[1]) last[1] = Math.max(last[1], t);
    else out.push([f, t]);
  }
  return out;
}
