import type { RuleTuningStats, TuningCandidate, TuningProposal, TuningResult } from '@vigil/protocol';
import { previewRule, type AlertRule } from '../../alerting/index.js';
import { VigilError } from '../../errors/index.js';
import type { AlertingStore, Incident, ReferenceStore, RollupStore } from '../../storage/index.js';
import { computeRuleTuningStats } from '../tuning/rule-tuning-stats.js';
import { listTuningCandidates } from '../tuning/tuning-candidates.js';
import { catchIncidents, judgeReplay } from '../tuning/tuning-replay.js';

/** Page-like deliveries: what wakes the person on call (a resolve sent to a page channel wakes nobody). */
const PAGE_PURPOSES = new Set(['page', 'escalation']);
const PAGE_KINDS = new Set(['firing', 'update', 'escalated']);
/** Incidents read for one period; a rule past this is noisy enough that the first ones tell. */
const MAX_INCIDENTS = 5_000;
/** The rule preview replays at most this far back. */
export const MAX_TUNING_REPLAY_MS = 14 * 86_400_000;

export interface TuningServiceOptions {
  store: { alerting: AlertingStore; rollups: RollupStore; references?: ReferenceStore | null };
  /** The evaluation step the replay uses (the scheduler's interval). */
  evalStepMs: number;
}

/** Alert tuning from evidence (docs/alert-tuning.md): per-rule statistics and replayed change proposals. */
export interface TuningService {
  stats(from: number, to: number): Promise<TuningResult>;
  propose(ruleId: string, from: number, to: number): Promise<TuningProposal>;
}

/**
 * @example const tuning = createTuningService({ store, evalStepMs: 30_000 }); await tuning.stats(from, to)
 */
export function createTuningService(options: TuningServiceOptions): TuningService {
  const { alerting, rollups } = options.store;
  const references = options.store.references ?? undefined;

  async function incidentsIn(from: number, to: number): Promise<Incident[]> {
    return alerting.listIncidents({ from, to, limit: MAX_INCIDENTS });
  }

  async function stats(from: number, to: number): Promise<TuningResult> {
    const [incidents, rules, teams] = await Promise.all([
      incidentsIn(from, to),
      alerting.listRules(),
      alerting.teams.list(),
    ]);
    const pagesByIncident = new Map<string, number>();
    for (const incident of incidents) {
      const deliveries = await alerting.listDeliveries({ incidentId: incident.id, limit: 1_000 });
      pagesByIncident.set(
        incident.id,
        deliveries.filter((d) => PAGE_PURPOSES.has(d.purpose) && PAGE_KINDS.has(d.notificationKind) && !d.skipped)
          .length,
      );
    }
    const onCallByTeam = new Map(
      teams.map((t) => [t.name, t.rotation?.memberIds.length ? t.rotation.memberIds : t.members.map((m) => m.id)]),
    );
    const ruleInfo = new Map(rules.map((s) => [s.rule.id, s.rule]));
    const rows: RuleTuningStats[] = computeRuleTuningStats({
      from,
      to,
      incidents,
      pagesByIncident,
      onCallByTeam,
      rules: ruleInfo,
    });
    return { from, to, rules: rows };
  }

  async function propose(ruleId: string, from: number, to: number): Promise<TuningProposal> {
    const started = performance.now();
    const stored = await alerting.getRule(ruleId);
    if (!stored) throw new VigilError('VIGIL_ERR_NOT_FOUND', `alert rule "${ruleId}" does not exist`);
    const incidents = (await incidentsIn(from, to)).filter((i) => i.ruleIds.includes(ruleId));
    const resolved = incidents.filter((i) => i.status === 'resolved');
    const falseIds = resolved.filter((i) => i.isFalsePositive).map((i) => i.id);
    // Still open incidents count as true: nobody has called them false.
    const trueIds = incidents.filter((i) => !(i.status === 'resolved' && i.isFalsePositive)).map((i) => i.id);
    const replay = async (rule: AlertRule) => {
      const preview = await previewRule(rule, rollups, {
        to,
        rangeMs: to - from,
        stepMs: options.evalStepMs,
        references,
      });
      return { firings: preview.firings, caught: catchIncidents(preview.episodes, incidents, to, 2 * preview.stepMs) };
    };
    const current = await replay(stored.rule);
    const base = {
      ruleId,
      from,
      to,
      trueIncidents: trueIds,
      falseIncidents: falseIds,
      current: {
        firings: current.firings,
        caughtTrue: trueIds.filter((id) => current.caught.has(id)).length,
        caughtFalse: falseIds.filter((id) => current.caught.has(id)).length,
      },
    };
    const done = (rest: Pick<TuningProposal, 'candidates' | 'proposal' | 'note'>): TuningProposal => ({
      ...base,
      ...rest,
      durationMs: performance.now() - started,
    });
    if (falseIds.length === 0)
      return done({
        candidates: [],
        proposal: null,
        note: 'no incident of this rule was resolved as a false positive',
      });
    if (base.current.caughtFalse === 0)
      return done({
        candidates: [],
        proposal: null,
        note: 'the replay of the current rule over the stored data does not reproduce its false positives (data pruned, or the rule changed since)',
      });
    const candidates: Array<TuningCandidate & { rule: AlertRule }> = [];
    for (const c of listTuningCandidates(stored.rule)) {
      const r = await replay(c.rule);
      const verdict = judgeReplay(current.caught, r.caught, trueIds, falseIds);
      candidates.push({
        field: c.field,
        before: c.before,
        after: c.after,
        description: c.description,
        firings: r.firings,
        ...verdict,
        rule: c.rule,
      });
    }
    // The first (smallest) safe candidate among those removing the most false positives.
    let best: (typeof candidates)[number] | null = null;
    for (const c of candidates)
      if (c.isSafe && c.removedFalse > 0 && (!best || c.removedFalse > best.removedFalse)) best = c;
    const wire = candidates.map(({ rule: _rule, ...c }) => c);
    if (!best)
      return done({
        candidates: wire,
        proposal: null,
        note: 'no tried change removes a false positive while keeping every true incident',
      });
    const { rule, ...candidate } = best;
    const reason =
      `tuning: ${candidate.description} removes ${candidate.removedFalse} of ${falseIds.length} false positives ` +
      `and keeps ${candidate.keptTrue} of ${trueIds.length} true incidents (replay ${new Date(from).toISOString()} – ${new Date(to).toISOString()})`;
    return done({ candidates: wire, proposal: { rule, candidate, reason }, note: null });
  }

  return { stats, propose };
}
