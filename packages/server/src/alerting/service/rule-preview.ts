import { AlertStateTracker } from '../evaluation/alert-state.js';
import { evaluatePlan, planEvaluation } from '../evaluation/rule-conditions.js';
import type { AlertRule } from '../rules/rule-schema.js';
import { isModelHealthMetric, type ModelHealthMetric } from '../../analysis/model-health/index.js';
import type { InfraMetricStore, ReferenceStore, RollupStore } from '../../storage/index.js';
import type { MetricQuery } from '../evaluation/metric-source.js';
import { loadModelHealthValues } from './model-health-metric-source.js';
import { loadCellIndex } from './cell-index-loader.js';
import { isBudgetMetric } from '../rules/budget-metrics.js';
import { isInfraMetric, type InfraRuleMetric } from '../rules/infra-metrics.js';
import { loadInfraValues } from './infra-metric-source.js';

export interface PreviewEpisode {
  /** First evaluation with the condition met. */
  activeAt: number;
  /** Went firing (null: pending only, never fired). */
  firedAt: number | null;
  /** Resolved (null: still firing at the end). */
  resolvedAt: number | null;
}

export interface RulePreview {
  ruleId: string;
  from: number;
  to: number;
  stepMs: number;
  evaluations: number;
  /** Times the rule went firing. */
  firings: number;
  /** Total time spent firing, ms. */
  firingMs: number;
  /** Evaluations with no data. */
  noData: number;
  /** At most 200, most recent last. */
  episodes: PreviewEpisode[];
  /** The rule's value over time, at most ~500 points: [time, value]. */
  values: Array<[number, number | null]>;
}

/**
 * How often a rule would have fired over [to − rangeMs, to): the cells are read once, then the rule is
 * re-evaluated at every step (the evaluation interval) with the real state tracker, so `for` and
 * `keepFiringFor` count as they would live. Cells of the current minute are complete in hindsight, so a
 * preview can fire slightly earlier than the live rule did.
 * Infrastructure rules replay the stored infrastructure minutes when `infra` is given.
 * @example await previewRule(rule, store.rollups, { to: now, rangeMs: 7 * 86_400_000, stepMs: 30_000 })
 */
export async function previewRule(
  rule: AlertRule,
  rollups: RollupStore,
  opts: { to: number; rangeMs: number; stepMs: number; references?: ReferenceStore; infra?: InfraMetricStore },
): Promise<RulePreview> {
  const live = { ...rule, enabled: true };
  const stepMs = Math.max(1_000, opts.stepMs);
  const first = Math.ceil((opts.to - opts.rangeMs) / stepMs) * stepMs;
  const firstPlan = planEvaluation([live], first);
  const lastPlan = planEvaluation([live], opts.to);
  const spans = firstPlan.queries.map((q, i) => ({ ...q, to: lastPlan.queries[i]!.to }));
  const valueOf = await loadPreviewValues(rollups, opts.references ?? null, opts.infra ?? null, spans);
  const tracker = new AlertStateTracker();
  const episodes: PreviewEpisode[] = [];
  const sampleEvery = Math.max(1, Math.ceil((opts.to - first) / stepMs / 500));
  const values: Array<[number, number | null]> = [];
  let evaluations = 0;
  let noData = 0;
  let open: PreviewEpisode | null = null;
  for (let t = first; t <= opts.to; t += stepMs) {
    const plan = planEvaluation([live], t);
    const [result] = evaluatePlan(plan, valueOf(plan.queries));
    for (const tr of tracker.apply([result!], t)) {
      if (tr.to === 'pending' || (tr.to === 'firing' && tr.from !== 'pending')) {
        open = { activeAt: tr.alert.activeAt, firedAt: null, resolvedAt: null };
        episodes.push(open);
      }
      if (tr.to === 'firing' && open) open.firedAt = t;
      if ((tr.to === 'resolved' || tr.to === 'inactive') && open) {
        if (tr.to === 'resolved') open.resolvedAt = t;
        open = null;
      }
    }
    if (result!.value === null) noData++;
    if (evaluations % sampleEvery === 0) values.push([t, result!.value]);
    evaluations++;
  }
  const fired = episodes.filter((e) => e.firedAt !== null);
  return {
    ruleId: rule.id,
    from: first,
    to: opts.to,
    stepMs,
    evaluations,
    firings: fired.length,
    firingMs: fired.reduce((sum, e) => sum + ((e.resolvedAt ?? opts.to) - (e.firedAt as number)), 0),
    noData,
    episodes: episodes.slice(-200),
    values,
  };
}

type InfraQuery = MetricQuery & { metric: InfraRuleMetric };

// Infrastructure metrics read their minutes once for the whole range; the rest go to the rollups.
async function loadPreviewValues(
  rollups: RollupStore,
  references: ReferenceStore | null,
  infra: InfraMetricStore | null,
  spans: readonly MetricQuery[],
): Promise<(queries: readonly MetricQuery[]) => (number | null)[]> {
  const isInfra = (q: MetricQuery): q is InfraQuery => isInfraMetric(q.metric);
  const infraValueOf = await loadInfraValues(infra, spans.filter(isInfra));
  const rest = spans.filter((q) => !isInfra(q));
  const restValues = rest.length > 0 ? await loadRollupValues(rollups, references, rest) : () => [];
  return (queries) => {
    const others = restValues(queries.filter((q) => !isInfra(q)));
    let k = 0;
    return queries.map((q) => (isInfra(q) ? infraValueOf(q) : others[k++]!));
  };
}

// Model-health metrics read the hourly model windows once; API-health metrics the minute and hour cells.
async function loadRollupValues(
  rollups: RollupStore,
  references: ReferenceStore | null,
  spans: readonly MetricQuery[],
): Promise<(queries: readonly MetricQuery[]) => (number | null)[]> {
  // Budget ratios need the month's spend as of every step: previews report them as no data.
  if (spans.some((q) => isBudgetMetric(q.metric))) return (queries) => queries.map(() => null);
  const health = spans.filter((q) => isModelHealthMetric(q.metric)) as Array<
    MetricQuery & { metric: ModelHealthMetric }
  >;
  if (health.length > 0) {
    const model = health[0]!.model;
    if (model === undefined) return (queries) => queries.map(() => null);
    const modelType = (await rollups.listModels()).find((m) => m.model === model)?.modelType ?? null;
    const values = await loadModelHealthValues({ rollups, references }, model, health, modelType);
    return (queries) =>
      queries.map((q) =>
        isModelHealthMetric(q.metric) && q.model === model
          ? values.valueOf(q as MetricQuery & { metric: ModelHealthMetric })
          : null,
      );
  }
  const index = await loadCellIndex(rollups, spans, { allLevels: true });
  return (queries) => {
    const out = queries.map((q) => index.valueOf(q));
    index.clearMerged();
    return out;
  };
}
