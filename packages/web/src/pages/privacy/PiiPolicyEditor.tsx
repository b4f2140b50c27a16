import { useState } from 'react';
import type { PiiAction, PiiPolicy, PiiPreviewResult } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { PII_ACTIONS, PII_FIELDS, PII_KIND_LABELS } from './pii-policy-format.js';

/**
 * Edits one personal-data policy: an action per kind, the fields it looks at, and a "try it" box that asks the
 * server what the policy would store for a sample text. `useCase` null edits the default.
 */
export function PiiPolicyEditor({
  useCase,
  initial,
  onDone,
}: {
  useCase: string | null;
  initial: PiiPolicy;
  onDone: (saved: boolean) => void;
}) {
  const [policy, setPolicy] = useState<PiiPolicy>(initial);
  const [sample, setSample] = useState('Reach Ana at ana@example.com or (415) 555-0123 from 203.0.113.7.');
  const [preview, setPreview] = useState<PiiPreviewResult | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const form = useSaveForm(() => onDone(true));
  const setAction = (kind: string, action: PiiAction) =>
    setPolicy((p) => ({ ...p, actions: { ...p.actions, [kind]: action } }));
  const save = () =>
    form.submit(() =>
      useCase === null
        ? sendApi('PUT', '/api/v1/privacy/pii-policies/default', policy)
        : sendApi('PUT', `/api/v1/privacy/pii-policies/use-cases/${encodeURIComponent(useCase)}`, policy),
    );
  const tryIt = async () => {
    setPreviewError(null);
    try {
      setPreview(await sendApi('POST', '/api/v1/privacy/pii-policies/preview', { text: sample, policy }));
    } catch (err) {
      setPreviewError((err as Error).message);
    }
  };
  return (
    <form
      className="pii-editor"
      data-testid="pii-policy-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <table className="data-table pii-actions">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Action</th>
          </tr>
        </thead>
        <tbody>
          {PII_KIND_LABELS.map((k) => (
            <tr key={k.kind}>
              <td>
                {k.label} <span className="muted small">e.g. {k.example}</span>
              </td>
              <td>
                <select
                  aria-label={`${k.label} action`}
                  data-testid={`pii-action-${k.kind}`}
                  value={policy.actions[k.kind] ?? 'keep'}
                  onChange={(e) => setAction(k.kind, e.target.value as PiiAction)}
                >
                  {PII_ACTIONS.map((a) => (
                    <option key={a.action} value={a.action}>
                      {a.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="pii-fields">
        <legend>Where</legend>
        {PII_FIELDS.map((f) => (
          <label key={f.field}>
            <input
              type="checkbox"
              checked={policy.fields[f.field]}
              onChange={(e) => setPolicy((p) => ({ ...p, fields: { ...p.fields, [f.field]: e.target.checked } }))}
            />{' '}
            {f.label}
          </label>
        ))}
      </fieldset>
      <div className="pii-try">
        <label htmlFor="pii-sample">Try it on a sample text (nothing is stored)</label>
        <textarea
          id="pii-sample"
          rows={2}
          maxLength={10_000}
          value={sample}
          onChange={(e) => setSample(e.target.value)}
          data-testid="pii-sample"
        />
        <button type="button" onClick={() => void tryIt()} data-testid="pii-try">
          Try it
        </button>
        {preview && (
          <p className="pii-preview" data-testid="pii-preview">
            {preview.findings.length} found; stored as: <code>{preview.redacted ?? '(dropped)'}</code>
          </p>
        )}
        {previewError && <p className="state error">{previewError}</p>}
      </div>
      {form.problem && (
        <p className="state error" role="alert" data-testid="pii-save-error">
          Could not save the policy: {form.problem.message}
        </p>
      )}
      <div className="cost-editor-actions">
        <button type="submit" className="primary" disabled={form.isSaving} data-testid="pii-save">
          {form.isSaving ? 'Saving…' : 'Save policy'}
        </button>
        <button type="button" onClick={() => onDone(false)} disabled={form.isSaving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
