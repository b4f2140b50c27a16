import type { Checkpoint, UseCaseStage } from '@vigil/protocol';
import { requiredMonitoringAreas, type SignoffRecord, type UseCaseRecord } from './use-case.js';

/** An alert rule as the checkpoints need it (from the alerting store). */
export interface RuleFact {
  id: string;
  area: string;
  isEnabled: boolean;
  runbook: string | null;
  model?: string;
  endpoint?: string;
}

/** An SLO as the checkpoints need it. */
export interface SloFact {
  id: string;
  kind: string;
  model?: string;
  endpoint?: string;
  latencyThresholdMs?: number;
}

/** What Vigil observed, gathered by the caller from the stores; the checkpoints are a function of it. */
export interface ObservedFacts {
  nowMs: number;
  /** Models ever seen in traffic (listModels). */
  seenModels: Map<string, { modelType: string | null; endpoints: string[] }>;
  /** Last 24 h, summed over minute rollups. */
  recentByModel: Record<string, { calls: number; costCount: number; tokens: number }>;
  /** Last 24 h calls per endpoint, over the use case's models. */
  recentByEndpoint: Record<string, number>;
  /** Labels received in the last 24 h per model. */
  recentLabelsByModel: Record<string, number>;
  /** Recorded load-test windows with the calls observed in their whole minutes. */
  loadTests: Array<{ id: number; fromMs: number; toMs: number; minutes: number; calls: number }>;
  /** Null when the alerting store is not available: alerting checkpoints are then not met. */
  alerting: { rules: RuleFact[]; slos: SloFact[] } | null;
  signoffs: SignoffRecord[];
}

export const HUMAN_CHECKPOINTS = [
  'production_readiness.runbook_reviewed',
  'production_readiness.team_trained',
] as const;
export const APPROVAL_CHECKPOINT = 'production_readiness.cto_approval';
/** Load test passes when mean calls/min over the window reach this share of the declared QPS × 60. */
export const LOAD_TEST_SHARE = 0.9;
/** Checkpoints that say "monitored" (coverage counts a use case as fully monitored when all are met). */
export const MONITORING_CHECKPOINTS = [
  'production_readiness.events_flowing',
  'production_readiness.signals_flowing',
  'development.alert_rules',
  'development.latency_slo',
] as const;

type Phase = Checkpoint['phase'];

function cp(
  key: string,
  phase: Phase,
  title: string,
  kind: Checkpoint['kind'],
  missing: string[],
  detailOk: string,
): Checkpoint {
  const isMet = missing.length === 0;
  return {
    key,
    phase,
    title,
    kind,
    isMet,
    detail: isMet ? detailOk : missing.join('; '),
    missing,
    signedBy: null,
    signedAt: null,
  };
}

/** LLM use: declared, else inferred from an observed modelType "llm" on any of its models. */
export function isLlmUseCase(uc: UseCaseRecord, facts: Pick<ObservedFacts, 'seenModels'>): boolean {
  return uc.spec.isLlm ?? uc.spec.models.some((m) => facts.seenModels.get(m)?.modelType === 'llm');
}

function requirementCheckpoints(uc: UseCaseRecord): Checkpoint[] {
  const s = uc.spec;
  return [
    cp(
      'requirements.business_impact',
      'requirements',
      'Business impact assessed (revenue at stake, customer-facing)',
      'computed',
      s.businessImpact ? [] : ['businessImpact is not filled in'],
      s.businessImpact
        ? `revenue at stake $${s.businessImpact.revenueAtStakeUsdPerHour}/h, ${s.businessImpact.isCustomerFacing ? '' : 'not '}customer-facing`
        : '',
    ),
    cp(
      'requirements.technical',
      'requirements',
      'Technical requirements (expected QPS, latency limit)',
      'computed',
      [
        ...(s.expectedQps === null ? ['expectedQps is not filled in'] : []),
        ...(s.latencyLimitMs === null ? ['latencyLimitMs is not filled in'] : []),
      ],
      `${s.expectedQps} QPS, latency limit ${s.latencyLimitMs} ms`,
    ),
    cp(
      'requirements.monitoring_slas',
      'requirements',
      'Monitoring SLAs (accuracy threshold)',
      'computed',
      s.isAccuracyAnswered ? [] : ['accuracyThreshold is not answered (a number 0..1, or null when not applicable)'],
      s.accuracyThreshold === null ? 'accuracy threshold: not applicable' : `accuracy ≥ ${s.accuracyThreshold}`,
    ),
    cp(
      'requirements.compliance',
      'requirements',
      'Compliance needs (personal data, GDPR, PCI)',
      'computed',
      s.compliance ? [] : ['compliance is not filled in'],
      s.compliance
        ? `personal data ${s.compliance.personalData ? 'yes' : 'no'}, GDPR ${s.compliance.gdpr ? 'yes' : 'no'}, PCI ${s.compliance.pci ? 'yes' : 'no'}`
        : '',
    ),
  ];
}

function coversModel(scope: { model?: string; endpoint?: string }, model: string, endpoints: string[]): boolean {
  return (
    (scope.model === undefined || scope.model === model) &&
    (scope.endpoint === undefined || endpoints.includes(scope.endpoint))
  );
}

function developmentCheckpoints(uc: UseCaseRecord, f: ObservedFacts, isLlm: boolean): Checkpoint[] {
  const { models, endpoints, latencyLimitMs, expectedQps } = uc.spec;
  const out: Checkpoint[] = [];

  const instrumentation: string[] = [];
  if (models.length === 0) instrumentation.push('the use case declares no models');
  for (const m of models) if (!f.seenModels.has(m)) instrumentation.push(`model "${m}" has never sent an event`);
  const seenEndpoints = new Set(models.flatMap((m) => f.seenModels.get(m)?.endpoints ?? []));
  for (const e of endpoints)
    if (!seenEndpoints.has(e)) instrumentation.push(`endpoint "${e}" has never been seen for the use case's models`);
  out.push(
    cp(
      'development.instrumentation',
      'development',
      'Monitoring code: every model and endpoint instrumented',
      'computed',
      instrumentation,
      `${models.length} model(s) and ${endpoints.length} endpoint(s) seen in traffic`,
    ),
  );

  const areas = requiredMonitoringAreas(uc.spec, isLlm);
  if (!f.alerting) {
    out.push(
      cp(
        'development.alert_rules',
        'development',
        'Alert rules with runbooks for each monitoring area',
        'computed',
        ['alerting not available'],
        '',
      ),
    );
    out.push(
      cp(
        'development.latency_slo',
        'development',
        'SLO matching the latency limit',
        'computed',
        ['alerting not available'],
        '',
      ),
    );
  } else {
    const rules = f.alerting.rules.filter((r) => r.isEnabled && r.runbook && r.runbook.trim() !== '');
    const missingRules: string[] = [];
    if (models.length === 0) missingRules.push('the use case declares no models');
    for (const area of areas) {
      for (const m of models) {
        if (!rules.some((r) => r.area === area && coversModel(r, m, endpoints)))
          missingRules.push(`${area}: no enabled rule with a runbook covers model "${m}"`);
      }
    }
    out.push(
      cp(
        'development.alert_rules',
        'development',
        'Alert rules with runbooks for each monitoring area',
        'computed',
        missingRules,
        `rules with runbooks for ${areas.join(', ')}`,
      ),
    );

    const missingSlo: string[] = [];
    if (latencyLimitMs === null) missingSlo.push('no latency limit declared (requirements.technical)');
    else {
      if (models.length === 0) missingSlo.push('the use case declares no models');
      for (const m of models) {
        const ok = f.alerting.slos.some(
          (s) =>
            s.kind === 'latency' &&
            coversModel(s, m, endpoints) &&
            s.latencyThresholdMs !== undefined &&
            s.latencyThresholdMs <= latencyLimitMs,
        );
        if (!ok) missingSlo.push(`no latency SLO with threshold ≤ ${latencyLimitMs} ms covers model "${m}"`);
      }
    }
    out.push(
      cp(
        'development.latency_slo',
        'development',
        'SLO matching the latency limit',
        'computed',
        missingSlo,
        `latency SLO(s) at or under ${latencyLimitMs} ms`,
      ),
    );
  }

  const missingLoad: string[] = [];
  let loadOk = '';
  if (expectedQps === null) missingLoad.push('no expected QPS declared (requirements.technical)');
  else {
    const needed = expectedQps * 60 * LOAD_TEST_SHARE;
    const passing = f.loadTests.find((t) => t.minutes > 0 && t.calls / t.minutes >= needed - 1e-9);
    if (passing)
      loadOk = `load test #${passing.id}: ${(passing.calls / passing.minutes).toFixed(1)} calls/min over ${passing.minutes} min ≥ ${needed.toFixed(1)} (${expectedQps} QPS × 60 × ${LOAD_TEST_SHARE})`;
    else if (f.loadTests.length === 0)
      missingLoad.push(
        `no load test recorded (need ≥ ${needed.toFixed(1)} calls/min observed during a recorded window)`,
      );
    else {
      const best = f.loadTests.reduce((a, t) =>
        t.minutes && (!a.minutes || t.calls / t.minutes > a.calls / a.minutes) ? t : a,
      );
      missingLoad.push(
        best.minutes === 0
          ? `load test #${best.id} covers no whole minute of observed traffic`
          : `best load test #${best.id} reached ${(best.calls / best.minutes).toFixed(1)} calls/min; need ≥ ${needed.toFixed(1)} (${expectedQps} QPS × 60 × ${LOAD_TEST_SHARE})`,
      );
    }
  }
  out.push(
    cp(
      'development.load_test',
      'development',
      'Load test at the expected QPS with monitoring on',
      'computed',
      missingLoad,
      loadOk,
    ),
  );
  return out;
}

function readinessCheckpoints(uc: UseCaseRecord, f: ObservedFacts, isLlm: boolean): Checkpoint[] {
  const { models, endpoints, accuracyThreshold } = uc.spec;
  const out: Checkpoint[] = [];
  const events: string[] = [];
  if (models.length === 0) events.push('the use case declares no models');
  for (const m of models)
    if (!(f.recentByModel[m]?.calls > 0)) events.push(`no events for model "${m}" in the last 24 h`);
  for (const e of endpoints)
    if (!(f.recentByEndpoint[e] > 0)) events.push(`no events for endpoint "${e}" in the last 24 h`);
  const calls = models.reduce((n, m) => n + (f.recentByModel[m]?.calls ?? 0), 0);
  out.push(
    cp(
      'production_readiness.events_flowing',
      'production_readiness',
      'All metrics flowing: events for every model and endpoint (24 h)',
      'computed',
      events,
      `${calls} calls in the last 24 h`,
    ),
  );

  const signals: string[] = [];
  const flowing: string[] = [];
  if (accuracyThreshold !== null) {
    for (const m of models) {
      const n = f.recentLabelsByModel[m] ?? 0;
      if (n === 0)
        signals.push(`accuracy threshold set but no labels (ground truth) received for model "${m}" in the last 24 h`);
      else flowing.push(`${n} labels for ${m}`);
    }
  }
  if (isLlm) {
    for (const m of models) {
      const r = f.recentByModel[m];
      if (!r || r.tokens === 0) signals.push(`LLM use case but no token counts for model "${m}" in the last 24 h`);
      if (!r || r.costCount === 0) signals.push(`LLM use case but no cost for model "${m}" in the last 24 h`);
      if (r && r.tokens > 0 && r.costCount > 0) flowing.push(`tokens and cost for ${m}`);
    }
  }
  out.push(
    cp(
      'production_readiness.signals_flowing',
      'production_readiness',
      'Signals the use case needs flowing (labels, tokens, cost)',
      'computed',
      signals,
      flowing.length ? flowing.join(', ') : 'no extra signals needed',
    ),
  );

  const latest = (key: string) => f.signoffs.filter((s) => s.key === key).at(-1);
  for (const [key, title] of [
    ['production_readiness.runbook_reviewed', 'Runbook reviewed (incident response procedures)'],
    ['production_readiness.team_trained', 'Team trained (on-call procedures and tool usage)'],
  ] as const) {
    const s = latest(key);
    const c = cp(
      key,
      'production_readiness',
      title,
      'human',
      s ? [] : ['not signed off yet'],
      s ? `signed off by ${s.actor.name} (${s.actor.role})` : '',
    );
    if (s) Object.assign(c, { signedBy: s.actor, signedAt: new Date(s.atMs).toISOString() });
    out.push(c);
  }

  // 'cto' is what approvals recorded before people had accounts; 'executive' is the signed-in role.
  const approval = f.signoffs
    .filter((s) => s.key === APPROVAL_CHECKPOINT && (s.actor.role === 'executive' || s.actor.role === 'cto'))
    .at(-1);
  const isCurrent = approval !== undefined && approval.atMs >= uc.specChangedAtMs;
  const missing = !approval
    ? ['no go-live approval by the CTO role']
    : !isCurrent
      ? ['the CTO approval predates the last change of the use case; approve again']
      : [];
  const c = cp(
    APPROVAL_CHECKPOINT,
    'production_readiness',
    'Go-live approval: CTO sign-off on monitoring completeness',
    'approval',
    missing,
    approval ? `approved by ${approval.actor.name} (${approval.actor.role})` : '',
  );
  if (isCurrent) Object.assign(c, { signedBy: approval.actor, signedAt: new Date(approval.atMs).toISOString() });
  out.push(c);
  return out;
}

/**
 * Every checkpoint of the deck's three intake phases for one use case, computed from observed facts
 * (never assumed: without the alerting store its checkpoints are not met) plus human sign-offs.
 * @example computeCheckpoints(useCase, facts).filter((c) => !c.isMet).map((c) => c.key)
 */
export function computeCheckpoints(uc: UseCaseRecord, facts: ObservedFacts): Checkpoint[] {
  const isLlm = isLlmUseCase(uc, facts);
  return [
    ...requirementCheckpoints(uc),
    ...developmentCheckpoints(uc, facts, isLlm),
    ...readinessCheckpoints(uc, facts, isLlm),
  ];
}

export const STAGE_ORDER: readonly UseCaseStage[] = [
  'requirements',
  'development',
  'production_readiness',
  'production',
  'retired',
];

/** Phases whose checkpoints must all be green to enter a stage. */
const GATES: Partial<Record<UseCaseStage, Phase[]>> = {
  development: ['requirements'],
  production_readiness: ['requirements', 'development'],
  production: ['requirements', 'development', 'production_readiness'],
};

export function nextStage(stage: UseCaseStage): UseCaseStage | null {
  return stage === 'production' || stage === 'retired' ? null : STAGE_ORDER[STAGE_ORDER.indexOf(stage) + 1]!;
}

/**
 * Whether a use case may move from its stage to `to`: one step forward with the phases' checkpoints green,
 * back to an earlier stage (re-work), or to retired; never out of retired.
 * @example planTransition('development', 'production_readiness', checkpoints) // { isAllowed: false, missing: ['development.load_test: …'] }
 */
export function planTransition(
  from: UseCaseStage,
  to: UseCaseStage,
  checkpoints: Checkpoint[],
): { isAllowed: boolean; reason: string; missing: string[] } {
  if (from === to) return { isAllowed: false, reason: `already at stage ${to}`, missing: [] };
  if (from === 'retired')
    return { isAllowed: false, reason: 'a retired use case stays retired; register a new one', missing: [] };
  if (to === 'retired') return { isAllowed: true, reason: 'retiring', missing: [] };
  const fi = STAGE_ORDER.indexOf(from);
  const ti = STAGE_ORDER.indexOf(to);
  if (ti < fi) return { isAllowed: true, reason: `back to ${to} for re-work`, missing: [] };
  if (ti > fi + 1)
    return {
      isAllowed: false,
      reason: `advance one stage at a time: next after ${from} is ${nextStage(from)}`,
      missing: [],
    };
  const phases = GATES[to] ?? [];
  const missing = checkpoints
    .filter((c) => phases.includes(c.phase) && !c.isMet)
    .flatMap((c) => c.missing.map((m) => `${c.key}: ${m}`));
  return missing.length
    ? { isAllowed: false, reason: `checkpoints not met for ${to}`, missing }
    : { isAllowed: true, reason: `checkpoints for ${to} met`, missing: [] };
}

/** Go-live: every checkpoint of all three phases green, CTO approval included, and not retired. */
export function isGoLiveReady(stage: UseCaseStage, checkpoints: Checkpoint[]): boolean {
  return stage !== 'retired' && checkpoints.every((c) => c.isMet);
}
