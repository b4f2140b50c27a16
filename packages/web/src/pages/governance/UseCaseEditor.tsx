import { useState, type FormEvent } from 'react';
import type { UseCase } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useActor } from '../../api/actor-store.js';
import { FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { findUnreadable, problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { EMPTY_USE_CASE, formFromUseCase, useCaseBody, type UseCaseForm } from './use-case-form.js';

const FIELDS = [
  'id',
  'name',
  'description',
  'ownerTeam',
  'models',
  'endpoints',
  'businessImpact',
  'expectedQps',
  'latencyLimitMs',
  'accuracyThreshold',
  'compliance',
  'riskTier',
];

/** Create (POST /api/v1/use-cases, entering intake at requirements) or edit a use case's requirements (PUT). */
export function UseCaseEditor({
  useCase,
  teams,
  onSaved,
  onCancel,
}: {
  useCase: UseCase | null;
  teams: string[];
  onSaved: (saved: UseCase) => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState<UseCaseForm>(useCase ? formFromUseCase(useCase) : EMPTY_USE_CASE);
  const actor = useActor();
  const form = useSaveForm(() => {});
  const set = <K extends keyof UseCaseForm>(k: K, v: UseCaseForm[K]) => setF((x) => ({ ...x, [k]: v }));
  const isNew = useCase === null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = useCaseBody(f, isNew);
    if (actor.name && actor.role) body.actor = { name: actor.name, role: actor.role };
    const bad = findUnreadable({
      expectedQps: body.expectedQps,
      latencyLimitMs: body.latencyLimitMs,
      accuracyThreshold: body.accuracyThreshold ?? undefined,
      'businessImpact.revenueAtStakeUsdPerHour': body.businessImpact?.revenueAtStakeUsdPerHour,
    });
    void form.submit(async () => {
      const answer = isNew
        ? await sendApi('POST', '/api/v1/use-cases', body)
        : await sendApi('PUT', `/api/v1/use-cases/${encodeURIComponent(useCase.id)}`, body);
      onSaved(answer);
    }, bad);
  };
  const p = (field: string) => problemAt(form.problem, field);
  return (
    <form className="card stack" onSubmit={submit} data-testid="use-case-form">
      <h2>{isNew ? 'New use case' : `Requirements of ${useCase.name}`}</h2>
      {isNew && (
        <p className="muted small">
          A new use case enters intake at <strong>requirements</strong>; every checkpoint after that is computed from
          what Vigil observes.
        </p>
      )}
      <div className="form-grid">
        <FormField label="Name" problem={p('name')}>
          <input value={f.name} onChange={(e) => set('name', e.target.value)} required data-testid="uc-name" />
        </FormField>
        {isNew && (
          <FormField label="Id" hint="optional; from the name" problem={p('id')}>
            <input value={f.id} onChange={(e) => set('id', e.target.value)} data-testid="uc-id" />
          </FormField>
        )}
        <FormField label="Owner team" problem={p('ownerTeam')}>
          <input
            value={f.ownerTeam}
            onChange={(e) => set('ownerTeam', e.target.value)}
            list="uc-teams"
            required
            data-testid="uc-owner"
          />
          <datalist id="uc-teams">
            {teams.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </FormField>
        <FormField label="Description" wide problem={p('description')}>
          <input value={f.description} onChange={(e) => set('description', e.target.value)} />
        </FormField>
        <FormField label="Models" hint="slugs as in events, comma-separated" problem={p('models')}>
          <input value={f.models} onChange={(e) => set('models', e.target.value)} data-testid="uc-models" />
        </FormField>
        <FormField label="Endpoints" hint="one per line, e.g. POST /v1/score" problem={p('endpoints')}>
          <textarea
            rows={2}
            value={f.endpoints}
            onChange={(e) => set('endpoints', e.target.value)}
            data-testid="uc-endpoints"
          />
        </FormField>
      </div>
      <fieldset className="card">
        <legend>Phase 1 — requirements</legend>
        <div className="form-grid">
          <FormField label="Revenue at stake, $/hour" problem={p('businessImpact')}>
            <input
              value={f.revenueAtStake}
              onChange={(e) => set('revenueAtStake', e.target.value)}
              inputMode="decimal"
              data-testid="uc-revenue"
            />
          </FormField>
          <label className="check">
            <input
              type="checkbox"
              checked={f.isCustomerFacing}
              onChange={(e) => setF((x) => ({ ...x, isCustomerFacing: e.target.checked, hasBusinessImpact: true }))}
            />{' '}
            Customer-facing
          </label>
          <FormField label="Expected QPS at peak" problem={p('expectedQps')}>
            <input
              value={f.expectedQps}
              onChange={(e) => set('expectedQps', e.target.value)}
              inputMode="decimal"
              data-testid="uc-qps"
            />
          </FormField>
          <FormField label="Latency limit, ms" problem={p('latencyLimitMs')}>
            <input
              value={f.latencyLimitMs}
              onChange={(e) => set('latencyLimitMs', e.target.value)}
              inputMode="decimal"
              data-testid="uc-latency"
            />
          </FormField>
          <FormField label="Accuracy threshold" hint='0–1, or "n/a"' problem={p('accuracyThreshold')}>
            <input
              value={f.accuracyThreshold}
              onChange={(e) => set('accuracyThreshold', e.target.value)}
              data-testid="uc-accuracy"
            />
          </FormField>
          <FormField label="Risk tier" hint="empty: assessed" problem={p('riskTier')}>
            <select value={f.riskTier} onChange={(e) => set('riskTier', e.target.value as UseCaseForm['riskTier'])}>
              <option value="">assessed from the requirements</option>
              <option value="low">low</option>
              <option value="medium">medium</option>
              <option value="high">high</option>
              <option value="critical">critical</option>
            </select>
          </FormField>
          <FormField label="LLM" problem={p('isLlm')}>
            <select value={f.isLlm} onChange={(e) => set('isLlm', e.target.value as UseCaseForm['isLlm'])}>
              <option value="">from its traffic</option>
              <option value="yes">yes</option>
              <option value="no">no</option>
            </select>
          </FormField>
        </div>
        <div className="checks">
          <label className="check">
            <input
              type="checkbox"
              checked={f.hasCompliance}
              onChange={(e) => set('hasCompliance', e.target.checked)}
              data-testid="uc-compliance"
            />{' '}
            Compliance needs assessed:
          </label>
          {(['personalData', 'gdpr', 'pci'] as const).map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={f[k]}
                disabled={!f.hasCompliance}
                onChange={(e) => set(k, e.target.checked)}
              />{' '}
              {k === 'personalData' ? 'personal data' : k.toUpperCase()}
            </label>
          ))}
        </div>
      </fieldset>
      <FormProblem text={problemElsewhere(form.problem, FIELDS)} testId="use-case-problem" />
      <FormActions
        label={isNew ? 'Create use case' : 'Save requirements'}
        isSaving={form.isSaving}
        testId="use-case-save"
        onCancel={onCancel}
      />
    </form>
  );
}
