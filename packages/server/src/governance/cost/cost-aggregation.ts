import type { CostGroup, CostGroupBy, CostSums } from '@vigil/protocol';

/** The additive cost facts of one rollup cell (a model and endpoint over one bucket). */
export interface CostCell {
  model: string;
  bucketStart: number;
  calls: number;
  costUsd: number;
  /** Calls that carried a cost. */
  costCount: number;
  inputTokens: number;
  outputTokens: number;
}

// The wire shapes (CostSums, CostPoint, CostGroup, CostGroupBy) are defined once, in @vigil/protocol.
export { COST_GROUP_BYS, type CostGroup, type CostGroupBy, type CostPoint, type CostSums } from '@vigil/protocol';

/** What grouping needs of a use case. */
export interface CostOwner {
  id: string;
  ownerTeam: string;
  models: readonly string[];
}

/** The group of spend no live use case owns. */
export const UNASSIGNED = '(unassigned)';

const empty = (): Omit<CostSums, 'costPerCallUsd'> => ({
  calls: 0,
  callsWithCost: 0,
  spendUsd: 0,
  inputTokens: 0,
  outputTokens: 0,
});
const add = (acc: Omit<CostSums, 'costPerCallUsd'>, c: CostCell) => {
  acc.calls += c.calls;
  acc.callsWithCost += c.costCount;
  acc.spendUsd += c.costUsd;
  acc.inputTokens += c.inputTokens;
  acc.outputTokens += c.outputTokens;
};
const finish = (s: Omit<CostSums, 'costPerCallUsd'>): CostSums => ({
  ...s,
  costPerCallUsd: s.callsWithCost === 0 ? null : s.spendUsd / s.calls,
});

/**
 * The groups a model's spend counts in: itself; each live use case owning it (a model shared by two use
 * cases counts fully in both); each distinct owner team of those. Unowned spend goes to {@link UNASSIGNED}.
 * @example groupsOfModel('m1', 'team', [{ id: 'recs', ownerTeam: 'bi', models: ['m1'] }]) // ['bi']
 */
export function groupsOfModel(model: string, groupBy: CostGroupBy, owners: readonly CostOwner[]): string[] {
  if (groupBy === 'model') return [model];
  const mine = owners.filter((o) => o.models.includes(model));
  if (mine.length === 0) return [UNASSIGNED];
  return [...new Set(mine.map((o) => (groupBy === 'useCase' ? o.id : o.ownerTeam)))];
}

/**
 * Spend, calls and cost per call per group and time bucket of width `step` from `from`, plus totals.
 * The overall total counts each cell once even when a shared model puts it in several groups.
 * @example aggregateCost(cells, { from, to, step: 86_400_000, groupBy: 'team', owners }).groups[0].totals.spendUsd
 */
export function aggregateCost(
  cells: readonly CostCell[],
  opts: { from: number; to: number; step: number; groupBy: CostGroupBy; owners: readonly CostOwner[] },
): { groups: CostGroup[]; total: CostSums } {
  const n = Math.max(0, Math.ceil((opts.to - opts.from) / opts.step));
  const groups = new Map<
    string,
    { models: Set<string>; totals: Omit<CostSums, 'costPerCallUsd'>; buckets: Array<Omit<CostSums, 'costPerCallUsd'>> }
  >();
  const total = empty();
  for (const c of cells) {
    const i = Math.floor((c.bucketStart - opts.from) / opts.step);
    if (i < 0 || i >= n) continue;
    add(total, c);
    for (const key of groupsOfModel(c.model, opts.groupBy, opts.owners)) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { models: new Set(), totals: empty(), buckets: Array.from({ length: n }, empty) }));
      g.models.add(c.model);
      add(g.totals, c);
      add(g.buckets[i]!, c);
    }
  }
  const out: CostGroup[] = [...groups.entries()].map(([key, g]) => ({
    key,
    models: [...g.models].sort(),
    totals: finish(g.totals),
    points: g.buckets.map((b, i) => ({
      t: opts.from + i * opts.step,
      spendUsd: b.spendUsd,
      calls: b.calls,
      costPerCallUsd: finish(b).costPerCallUsd,
    })),
  }));
  out.sort((a, b) => b.totals.spendUsd - a.totals.spendUsd || a.key.localeCompare(b.key));
  return { groups: out, total: finish(total) };
}

/** Spend per UTC day per group (for budgets): group key → day start → USD. */
export function spendByDay(
  cells: readonly CostCell[],
  groupBy: CostGroupBy,
  owners: readonly CostOwner[],
): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const c of cells) {
    if (c.costUsd === 0) continue;
    const day = c.bucketStart - (c.bucketStart % 86_400_000);
    for (const key of groupsOfModel(c.model, groupBy, owners)) {
      let m = out.get(key);
      if (!m) out.set(key, (m = new Map()));
      m.set(day, (m.get(day) ?? 0) + c.costUsd);
    }
  }
  return out;
}
