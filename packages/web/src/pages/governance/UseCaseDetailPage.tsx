import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type {
  AuditList,
  Checkpoint,
  CheckpointReport,
  LoadTestList,
  TeamList,
  UseCase,
  UseCaseStage,
} from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useActor } from '../../api/actor-store.js';
import { readSession, subscribeSession } from '../../api/session-store.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { Time } from '../../components/Time.js';
import { fromUtcInput, toUtcInput } from '../../components/alerting/utc-input.js';
import { formatCount, formatRate } from '../../format/format-value.js';
import { Link, navigate } from '../../routing/router.js';
import { ActingAs } from './ActingAs.js';
import { GovernanceNav } from './GovernanceNav.js';
import { PHASE_LABELS, STAGE_LABELS, STAGES } from './governance-format.js';
import { UseCaseEditor } from './UseCaseEditor.js';
import '../../components/alerting/alerting.css';
import './governance.css';

type Outcome = { ok: boolean; text: string } | null;

/**
 * `/use-cases/:id`: one use case through intake — its requirements (editable), each checkpoint with the
 * evidence Vigil observed and what is missing, human sign-offs, load-test records, the go-live gate with the
 * CTO's approval, stage changes (forward, back, retire) and the audit trail.
 */
export function UseCaseDetailPage({ id }: { id: string }) {
  const [reload, setReload] = useState(0);
  const path = `/api/v1/use-cases/${encodeURIComponent(id)}` as const;
  const uc = useApi<UseCase>(path, {}, reload);
  const report = useApi<CheckpointReport>(`${path}/checkpoints`, {}, reload);
  const loadTests = useApi<LoadTestList>(`${path}/load-tests`, {}, reload);
  const audit = useApi<AuditList>(`${path}/audit`, { limit: 200 }, reload);
  const teams = useApi<TeamList>('/api/v1/teams');
  const [isEditing, setIsEditing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const actor = useActor();
  // A signed-in person is the recorded actor (the server ignores a body's actor for people); an operator signed
  // in with an API key names who acts in "Acting as".
  const session = useSyncExternalStore(subscribeSession, readSession);
  const isPerson = session?.principal.kind === 'user';
  const actorBody =
    !isPerson && actor.name.trim() && actor.role.trim()
      ? { actor: { name: actor.name.trim(), role: actor.role.trim() } }
      : {};
  const act = async (label: string, send: () => Promise<unknown>) => {
    setOutcome(null);
    try {
      await send();
      setOutcome({ ok: true, text: label });
      setReload((n) => n + 1);
    } catch (err) {
      setOutcome({ ok: false, text: err instanceof Error ? err.message : String(err) });
      setReload((n) => n + 1);
    }
  };
  const needActor = () => {
    if (!isPerson && (!actor.name.trim() || !actor.role.trim())) {
      setOutcome({
        ok: false,
        text: 'Fill in "Acting as" (your name and role) first: sign-offs and approvals record who gave them.',
      });
      return false;
    }
    return true;
  };

  return (
    <section className="page" data-testid="use-case-page">
      <StateView state={uc} label="the use case">
        {(u) => (
          <>
            <div className="page-head">
              <div>
                <h1>{u.name}</h1>
                <p className="muted small">
                  {u.id} · owner {u.ownerTeam} · risk {u.riskTier}
                  {u.isRiskTierDeclared ? '' : ' (assessed)'} ·{' '}
                  {u.isThroughIntake ? 'through intake' : 'registered at a later stage'}
                </p>
              </div>
              {!isEditing && u.stage !== 'retired' && (
                <button type="button" onClick={() => setIsEditing(true)} data-testid="edit-use-case">
                  Edit requirements
                </button>
              )}
            </div>
            <GovernanceNav />
            <StageStepper stage={u.stage} />
            {isEditing && (
              <UseCaseEditor
                useCase={u}
                teams={teams.status === 'ok' ? teams.data.teams.map((t) => t.name) : []}
                onCancel={() => setIsEditing(false)}
                onSaved={() => {
                  setIsEditing(false);
                  setOutcome({ ok: true, text: 'Requirements saved (a change voids an earlier CTO approval).' });
                  setReload((n) => n + 1);
                }}
              />
            )}
            {outcome && (
              <p
                className={`notice ${outcome.ok ? 'ok' : 'error'}`}
                role={outcome.ok ? 'status' : 'alert'}
                data-testid="use-case-outcome"
              >
                {outcome.text}
              </p>
            )}
            <div className="editor-layout">
              <div className="stack">
                <StateView state={report} label="the checkpoints">
                  {(r) => (
                    <Gate
                      u={u}
                      r={r}
                      onAdvance={(to: UseCaseStage) =>
                        act(`Moved to ${STAGE_LABELS[to]}.`, () =>
                          sendApi('POST', `${path}/advance`, { to, ...actorBody }),
                        )
                      }
                      onApprove={() =>
                        needActor() &&
                        act('Go-live approved.', () => sendApi('POST', `${path}/approve`, { ...actorBody }))
                      }
                      onSignOff={(key: string) =>
                        needActor() &&
                        act('Signed off.', () =>
                          sendApi('POST', `${path}/checkpoints/${encodeURIComponent(key)}`, { ...actorBody }),
                        )
                      }
                    />
                  )}
                </StateView>
                <StateView state={loadTests} label="load tests">
                  {(lt) => (
                    <LoadTests
                      lt={lt}
                      onRecord={(from: number, to: number, note: string) =>
                        act('Load test recorded.', () =>
                          sendApi('POST', `${path}/load-tests`, { from, to, ...(note ? { note } : {}), ...actorBody }),
                        )
                      }
                    />
                  )}
                </StateView>
              </div>
              <div className="stack">
                <ActingAs />
                <Requirements u={u} />
                <StateView state={audit} label="the audit trail">
                  {(a) => (
                    <section className="card" data-testid="audit-trail">
                      <h2>Audit trail</h2>
                      <ol className="timeline small">
                        {[...a.entries].reverse().map((e) => (
                          <li key={e.id}>
                            <Time value={e.at} /> · <strong>{e.action.replaceAll('_', ' ')}</strong>
                            {e.actor ? ` by ${e.actor.name} (${e.actor.role})` : ''}
                            {e.apiKeyName ? <span className="muted"> · key {e.apiKeyName}</span> : null}
                          </li>
                        ))}
                      </ol>
                    </section>
                  )}
                </StateView>
                {u.stage !== 'retired' && (
                  <button
                    type="button"
                    className="danger-button"
                    onClick={() =>
                      window.confirm(`Retire ${u.name}? A retired use case leaves coverage and cannot come back.`) &&
                      act('Retired.', () => sendApi('POST', `${path}/advance`, { to: 'retired', ...actorBody }))
                    }
                    data-testid="retire-use-case"
                  >
                    Retire
                  </button>
                )}
                <Link href="/use-cases" className="small" onClick={() => navigate('/use-cases')}>
                  ← All use cases
                </Link>
              </div>
            </div>
          </>
        )}
      </StateView>
    </section>
  );
}

function StageStepper({ stage }: { stage: UseCaseStage }) {
  const at = STAGES.indexOf(stage);
  return (
    <ol className="stage-stepper" data-testid="stage-stepper" data-stage={stage}>
      {STAGES.filter((s) => s !== 'retired' || stage === 'retired').map((s, i) => (
        <li
          key={s}
          className={s === stage ? 'current' : i < at ? 'done' : ''}
          aria-current={s === stage ? 'step' : undefined}
        >
          {STAGE_LABELS[s]}
        </li>
      ))}
    </ol>
  );
}

function Gate({
  u,
  r,
  onAdvance,
  onApprove,
  onSignOff,
}: {
  u: UseCase;
  r: CheckpointReport;
  onAdvance: (to: UseCaseStage) => void;
  onApprove: () => void;
  onSignOff: (key: string) => void;
}) {
  const phases = ['requirements', 'development', 'production_readiness'] as const;
  const prev = STAGES[STAGES.indexOf(u.stage) - 1];
  return (
    <section className="card" data-testid="checkpoints">
      <div className="gate-head">
        <h2>Intake checkpoints</h2>
        <span className={`badge ${r.isGoLiveReady ? 'healthy' : 'idle'}`} data-testid="go-live-ready">
          {u.stage === 'production' ? 'live' : r.isGoLiveReady ? 'ready to go live' : 'not ready to go live'}
        </span>
      </div>
      <p className="muted small">
        Evaluated <Time value={r.evaluatedAt} /> from what Vigil observes
        {r.isAlertingAvailable ? '' : ' (alerting unavailable)'}.
      </p>
      {phases.map((phase) => (
        <div key={phase} className="phase" data-phase={phase}>
          <h3>{PHASE_LABELS[phase]}</h3>
          <ul className="checkpoints">
            {r.checkpoints
              .filter((c) => c.phase === phase)
              .map((c) => (
                <CheckpointItem key={c.key} c={c} stage={u.stage} onSignOff={onSignOff} onApprove={onApprove} />
              ))}
          </ul>
        </div>
      ))}
      {r.nextStage && u.stage !== 'retired' && (
        <div className="gate-actions">
          {r.missingForNextStage.length > 0 ? (
            <div className="notice small" data-testid="missing-for-next">
              To move to {STAGE_LABELS[r.nextStage]}, still missing:
              <ul>
                {r.missingForNextStage.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="notice ok small">Every checkpoint {STAGE_LABELS[r.nextStage]} needs is met.</p>
          )}
          <button
            type="button"
            className="primary-button"
            onClick={() => onAdvance(r.nextStage!)}
            disabled={r.missingForNextStage.length > 0}
            data-testid="advance"
          >
            {r.nextStage === 'production' ? 'Go live' : `Move to ${STAGE_LABELS[r.nextStage]}`}
          </button>
          {prev && u.stage !== 'production' && (
            <button type="button" onClick={() => onAdvance(prev)} data-testid="move-back">
              Back to {STAGE_LABELS[prev]}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function CheckpointItem({
  c,
  stage,
  onSignOff,
  onApprove,
}: {
  c: Checkpoint;
  stage: UseCaseStage;
  onSignOff: (key: string) => void;
  onApprove: () => void;
}) {
  const canSign = stage === 'production_readiness' || stage === 'development';
  return (
    <li
      className={`checkpoint ${c.isMet ? 'met' : 'unmet'}`}
      data-testid="checkpoint"
      data-key={c.key}
      data-met={String(c.isMet)}
    >
      <div>
        <span className="checkpoint-mark" aria-label={c.isMet ? 'met' : 'not met'}>
          {c.isMet ? '✓' : '✗'}
        </span>{' '}
        <strong>{c.title}</strong> <span className="muted small">({c.kind})</span>
      </div>
      {c.isMet ? (
        <div className="small evidence">
          {c.signedBy ? (
            <>
              signed by {c.signedBy.name} ({c.signedBy.role}), <Time value={c.signedAt} />
            </>
          ) : (
            c.detail
          )}
        </div>
      ) : (
        <ul className="small missing">
          {c.missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      {!c.isMet && c.kind === 'human' && canSign && (
        <button type="button" onClick={() => onSignOff(c.key)} data-testid={`sign-${c.key}`}>
          Sign off
        </button>
      )}
      {!c.isMet && c.kind === 'approval' && stage === 'production_readiness' && (
        <button type="button" className="primary-button" onClick={onApprove} data-testid="approve">
          Approve go-live (CTO)
        </button>
      )}
    </li>
  );
}

function LoadTests({ lt, onRecord }: { lt: LoadTestList; onRecord: (from: number, to: number, note: string) => void }) {
  const now = Date.now();
  const [from, setFrom] = useState(toUtcInput(now - 3_600_000));
  const [to, setTo] = useState(toUtcInput(now - 1_800_000));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = fromUtcInput(from);
    const t = fromUtcInput(to);
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setProblem('From and To must be dates and times (UTC).');
    setProblem(null);
    onRecord(f, t, note.trim());
  };
  return (
    <section className="card" data-testid="load-tests">
      <h2>Load tests</h2>
      <p className="muted small">
        A load test passes when the use case's models served, on average over the window's whole minutes, at least{' '}
        {lt.requiredCallsPerMinute === null
          ? '90 % of expected QPS × 60 (set the expected QPS)'
          : `${formatRate(lt.requiredCallsPerMinute)} calls/min`}
        . Vigil reads the calls it observed; minute rollups are kept 14 days.
      </p>
      {lt.loadTests.length > 0 && (
        <table className="data-table responsive small" data-testid="load-test-table">
          <thead>
            <tr>
              <th>Window</th>
              <th className="num">Calls/min</th>
              <th className="num">Calls</th>
              <th>Result</th>
              <th>Recorded</th>
            </tr>
          </thead>
          <tbody>
            {lt.loadTests.map((t) => (
              <tr key={t.id}>
                <td data-label="Window">
                  <Time value={t.from} /> – <Time value={t.to} />
                </td>
                <td data-label="Calls/min" className="num">
                  {formatRate(t.callsPerMinute)}
                </td>
                <td data-label="Calls" className="num">
                  {formatCount(t.calls)}
                </td>
                <td data-label="Result">
                  <span className={`badge ${t.isPassing ? 'healthy' : 'degraded'}`}>
                    {t.isPassing ? 'passes' : 'too little traffic'}
                  </span>
                </td>
                <td data-label="Recorded">
                  {t.actor ? `${t.actor.name}, ` : ''}
                  <Time value={t.recordedAt} />
                  {t.note ? <div className="muted">{t.note}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={submit} data-testid="load-test-form">
        <label className="field">
          <span>From (UTC)</span>
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field">
          <span>To (UTC)</span>
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label className="field">
          <span>Note</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. k6, 2× peak" />
        </label>
        <button type="submit">Record load test</button>
      </form>
      {problem && <p className="notice error small">{problem}</p>}
    </section>
  );
}

function Requirements({ u }: { u: UseCase }) {
  return (
    <section className="card" data-testid="requirements">
      <h2>Requirements</h2>
      <dl className="facts small">
        <dt>Models</dt>
        <dd>
          {u.models.length
            ? u.models.map((m) => (
                <Link key={m} className="chip" href={`/models/${encodeURIComponent(m)}`}>
                  {m}
                </Link>
              ))
            : '—'}
        </dd>
        <dt>Endpoints</dt>
        <dd>{u.endpoints.join(', ') || '—'}</dd>
        <dt>Business impact</dt>
        <dd>
          {u.businessImpact
            ? `$${u.businessImpact.revenueAtStakeUsdPerHour.toLocaleString('en-US')}/h at stake, ${u.businessImpact.isCustomerFacing ? '' : 'not '}customer-facing`
            : 'not filled in'}
        </dd>
        <dt>Expected QPS</dt>
        <dd>{u.expectedQps ?? 'not filled in'}</dd>
        <dt>Latency limit</dt>
        <dd>{u.latencyLimitMs === null ? 'not filled in' : `${u.latencyLimitMs} ms`}</dd>
        <dt>Accuracy</dt>
        <dd>
          {!u.isAccuracyAnswered
            ? 'not answered'
            : u.accuracyThreshold === null
              ? 'not applicable'
              : `≥ ${u.accuracyThreshold}`}
        </dd>
        <dt>Compliance</dt>
        <dd>
          {u.compliance
            ? [u.compliance.personalData && 'personal data', u.compliance.gdpr && 'GDPR', u.compliance.pci && 'PCI']
                .filter(Boolean)
                .join(', ') || 'none'
            : 'not assessed'}
        </dd>
        <dt>Areas needing rules</dt>
        <dd>{u.monitoringAreas.join(', ')}</dd>
      </dl>
    </section>
  );
}
