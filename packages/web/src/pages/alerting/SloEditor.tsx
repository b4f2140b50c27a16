import { useState, type FormEvent } from 'react';
import type { SloBody } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { findUnreadable, problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';

const FIELDS = ['id', 'name', 'kind', 'model', 'endpoint', 'objectivePercent', 'periodDays', 'latencyThresholdMs'];
/** A typed number, or NaN (refused in the page, naming the field) when it is not one. */
const toNumber = (v: string) => (v.trim() === '' ? NaN : Number(v));

/** Create (POST) or replace (PUT /api/v1/slos/:id) an SLO; the server's checks name the field they refuse. */
export function SloEditor({
  slo,
  onSaved,
  onCancel,
}: {
  slo: SloBody | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [id, setId] = useState(slo?.id ?? '');
  const [name, setName] = useState(slo?.name ?? '');
  const [kind, setKind] = useState<SloBody['kind']>(slo?.kind ?? 'availability');
  const [model, setModel] = useState(slo?.model ?? '');
  const [endpoint, setEndpoint] = useState(slo?.endpoint ?? '');
  const [objective, setObjective] = useState(String(slo?.objectivePercent ?? '99.9'));
  const [periodDays, setPeriodDays] = useState(String(slo?.periodDays ?? 30));
  const [threshold, setThreshold] = useState(
    slo?.latencyThresholdMs === undefined ? '' : String(slo.latencyThresholdMs),
  );
  const { problem, isSaving, submit } = useSaveForm(onSaved);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body: SloBody = {
      id: id.trim(),
      name: name.trim(),
      kind,
      ...(model.trim() && { model: model.trim() }),
      ...(endpoint.trim() && { endpoint: endpoint.trim() }),
      objectivePercent: toNumber(objective),
      ...(periodDays.trim() && { periodDays: toNumber(periodDays) }),
      ...(kind === 'latency' && threshold.trim() && { latencyThresholdMs: toNumber(threshold) }),
    };
    await submit(
      () =>
        slo
          ? sendApi('PUT', `/api/v1/slos/${encodeURIComponent(slo.id)}`, body)
          : sendApi('POST', '/api/v1/slos', body),
      findUnreadable({
        objectivePercent: body.objectivePercent,
        periodDays: body.periodDays,
        latencyThresholdMs: body.latencyThresholdMs,
      }),
    );
  };

  return (
    <form className="card stack" onSubmit={save} data-testid="slo-editor" style={{ marginBottom: 16 }}>
      <h2>{slo ? `Edit ${slo.name}` : 'New SLO'}</h2>
      <div className="form-grid">
        <FormField label="Id" hint="letters, digits, space . _ : -" problem={problemAt(problem, 'id')}>
          <input
            value={id}
            onChange={(e) => setId(e.target.value)}
            disabled={slo !== null}
            required
            data-testid="slo-id"
          />
        </FormField>
        <FormField label="Name" problem={problemAt(problem, 'name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required data-testid="slo-name" />
        </FormField>
        <FormField label="Kind" problem={problemAt(problem, 'kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as SloBody['kind'])} data-testid="slo-kind">
            <option value="availability">availability (calls succeed)</option>
            <option value="latency">latency (calls fast enough)</option>
          </select>
        </FormField>
        <FormField label="Model" hint="empty: all models" problem={problemAt(problem, 'model')}>
          <input value={model} onChange={(e) => setModel(e.target.value)} data-testid="slo-model" />
        </FormField>
        <FormField label="Endpoint" hint="empty: all endpoints" problem={problemAt(problem, 'endpoint')}>
          <input value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="POST /v1/predict" />
        </FormField>
        <FormField label="Objective %" hint="e.g. 99.9" problem={problemAt(problem, 'objectivePercent')}>
          <input
            value={objective}
            onChange={(e) => setObjective(e.target.value)}
            inputMode="decimal"
            data-testid="slo-objective"
          />
        </FormField>
        <FormField label="Period, days" hint="1–90; default 30" problem={problemAt(problem, 'periodDays')}>
          <input
            value={periodDays}
            onChange={(e) => setPeriodDays(e.target.value)}
            inputMode="numeric"
            data-testid="slo-period"
          />
        </FormField>
        {kind === 'latency' && (
          <FormField
            label="Latency threshold, ms"
            hint="a call is good at or below it"
            problem={problemAt(problem, 'latencyThresholdMs')}
          >
            <input
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              inputMode="decimal"
              data-testid="slo-threshold"
            />
          </FormField>
        )}
      </div>
      <FormProblem text={problemElsewhere(problem, FIELDS)} testId="slo-problem" />
      <FormActions label={slo ? 'Save SLO' : 'Create SLO'} isSaving={isSaving} testId="slo-save" onCancel={onCancel} />
    </form>
  );
}
