import { useState, type FormEvent } from 'react';
import type { MeasuredRoiInputs, RoiInputsAnswer } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { Time } from '../../components/Time.js';
import { findUnreadable, problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { FieldProblem, FormProblem } from '../../components/alerting/FormField.js';
import { formatUsd } from '../../format/format-value.js';
import { Link } from '../../routing/router.js';

const FIELDS: Array<{ key: keyof MeasuredRoiInputs; label: string; isMoney: boolean }> = [
  { key: 'costPerIncidentUsd', label: 'Cost of one incident that reaches customers', isMoney: true },
  { key: 'costPerHourUsd', label: 'Cost of one hour of an incident', isMoney: true },
  { key: 'vigilRunningCostPerYearUsd', label: 'Running Vigil, per year', isMoney: true },
  { key: 'implementationUsd', label: 'Implementation (once)', isMoney: true },
  { key: 'trainingUsd', label: 'Training (once)', isMoney: true },
  { key: 'baselineMttrMinutes', label: 'MTTR before Vigil, minutes', isMoney: false },
];

/**
 * The report's ROI inputs (GET/PUT /api/v1/report/roi-inputs): the money the measured ROI needs, edited here;
 * the calculator scenario is edited on the ROI calculator page.
 */
export function RoiInputsEditor({ onSaved }: { onSaved: () => void }) {
  const [reload, setReload] = useState(0);
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const inputs = useApi<RoiInputsAnswer>('/api/v1/report/roi-inputs', {}, reload);
  const form = useSaveForm(() => {
    setDraft(null);
    setReload((n) => n + 1);
    onSaved();
  });
  return (
    <section className="report-section no-print" data-testid="roi-inputs">
      <div className="cost-section-head">
        <h2>ROI inputs</h2>
        {inputs.status === 'ok' && draft === null && (
          <button
            type="button"
            onClick={() => {
              const m = ((inputs.data.inputs as { measured?: MeasuredRoiInputs } | null)?.measured ?? {}) as Record<
                string,
                number
              >;
              setDraft(Object.fromEntries(FIELDS.map((f) => [f.key, m[f.key] === undefined ? '' : String(m[f.key])])));
            }}
            data-testid="edit-roi-inputs"
          >
            Edit ROI inputs
          </button>
        )}
      </div>
      <StateView state={inputs} label="the ROI inputs">
        {(a) => {
          const stored = (a.inputs ?? {}) as { calculator?: unknown; measured?: MeasuredRoiInputs };
          if (draft === null)
            return (
              <>
                <dl className="facts small">
                  {FIELDS.map((f) => (
                    <div key={f.key} className="fact-row">
                      <dt>{f.label}</dt>
                      <dd data-testid={`roi-input-${f.key}`}>
                        {stored.measured?.[f.key] === undefined
                          ? 'not set'
                          : f.isMoney
                            ? formatUsd(stored.measured[f.key]!)
                            : `${stored.measured[f.key]} min`}
                      </dd>
                    </div>
                  ))}
                </dl>
                <p className="muted small">
                  Calculator scenario: {stored.calculator ? 'stored' : 'none'} — edit it on the{' '}
                  <Link href="/roi">ROI calculator</Link>.
                  {a.updatedAt && (
                    <>
                      {' '}
                      Last changed <Time value={a.updatedAt} />
                      {a.apiKeyName ? ` with key ${a.apiKeyName}` : ''}.
                    </>
                  )}
                </p>
              </>
            );
          const submit = (e: FormEvent) => {
            e.preventDefault();
            const measured: Record<string, number> = {};
            for (const f of FIELDS)
              if (draft[f.key]!.trim() !== '') measured[f.key] = Number(draft[f.key]!.replace(/[$,\s]/g, ''));
            void form.submit(
              () => sendApi('PUT', '/api/v1/report/roi-inputs', { ...stored, measured }),
              findUnreadable(
                Object.fromEntries(Object.entries(measured).map(([k, v]) => [`measured.${k}`, v])),
                'a number of dollars or minutes',
              ),
            );
          };
          return (
            <form className="stack" onSubmit={submit} data-testid="roi-inputs-form">
              <div className="roi-inputs-grid">
                {FIELDS.map((f) => (
                  <label key={f.key} className="field">
                    <span>{f.label}</span>
                    <input
                      value={draft[f.key]}
                      onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                      inputMode="decimal"
                      data-testid={`roi-field-${f.key}`}
                    />
                    <FieldProblem text={problemAt(form.problem, `measured.${f.key}`)} />
                  </label>
                ))}
              </div>
              <FormProblem
                text={problemElsewhere(
                  form.problem,
                  FIELDS.map((f) => `measured.${f.key}`),
                )}
                testId="roi-inputs-problem"
              />
              <div className="actions">
                <button type="submit" className="primary-button" disabled={form.isSaving} data-testid="roi-inputs-save">
                  {form.isSaving ? 'Saving…' : 'Save ROI inputs'}
                </button>
                <button type="button" onClick={() => setDraft(null)}>
                  Cancel
                </button>
              </div>
            </form>
          );
        }}
      </StateView>
    </section>
  );
}
