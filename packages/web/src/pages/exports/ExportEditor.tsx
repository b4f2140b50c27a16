import { useState, type FormEvent } from 'react';
import type { ExportDestinationView, ExportKind } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import {
  bodyFromForm,
  EXPORT_FIELDS,
  EXPORT_KIND_LABELS,
  formFromDestination,
  type ExportForm,
} from './export-form.js';

/** Create (POST) or change (PUT /api/v1/exports/:id) a destination; secrets left empty while editing are kept. */
export function ExportEditor({
  destination,
  onSaved,
  onCancel,
}: {
  destination: ExportDestinationView | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState<ExportForm>(formFromDestination(destination));
  const { problem, isSaving, submit } = useSaveForm(onSaved);
  const setValue = (key: string, v: string) => setF((x) => ({ ...x, values: { ...x.values, [key]: v } }));
  const fields = EXPORT_FIELDS[f.kind];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body = bodyFromForm(f, destination);
    await submit(() =>
      destination
        ? sendApi('PUT', `/api/v1/exports/${encodeURIComponent(destination.id)}`, body)
        : sendApi('POST', '/api/v1/exports', body),
    );
  };

  return (
    <form className="card stack" onSubmit={save} data-testid="export-editor" style={{ marginBottom: 16 }}>
      <h2>{destination ? `Edit ${destination.name}` : 'New export destination'}</h2>
      <div className="form-grid">
        <FormField label="Name" problem={problemAt(problem, 'name')}>
          <input
            value={f.name}
            onChange={(e) => setF((x) => ({ ...x, name: e.target.value }))}
            required
            data-testid="export-name"
          />
        </FormField>
        <FormField label="Kind" problem={problemAt(problem, 'kind')}>
          <select
            value={f.kind}
            disabled={destination !== null}
            onChange={(e) => setF((x) => ({ ...x, kind: e.target.value as ExportKind, values: {} }))}
            data-testid="export-kind"
          >
            {(Object.keys(EXPORT_KIND_LABELS) as ExportKind[]).map((k) => (
              <option key={k} value={k}>
                {EXPORT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Enabled">
          <input
            type="checkbox"
            checked={f.enabled}
            onChange={(e) => setF((x) => ({ ...x, enabled: e.target.checked }))}
            data-testid="export-enabled"
          />
        </FormField>
      </div>
      <div className="form-grid" data-testid="export-settings">
        {fields.map((field) => {
          const stored = destination?.settings[field.key];
          const placeholder =
            field.secret && typeof stored === 'string' ? `stored ${stored}; type to replace` : (field.hint ?? '');
          const props = {
            value: f.values[field.key] ?? '',
            placeholder,
            autoComplete: 'off',
            'data-testid': `export-field-${field.key}`,
            required: field.required && !(field.secret && stored !== undefined),
          };
          return (
            <FormField
              key={field.key}
              label={field.label}
              hint={field.secret ? 'secret' : field.hint}
              wide={field.shape === 'lines'}
              problem={problemAt(problem, `settings.${field.key}`)}
            >
              {field.shape === 'lines' ? (
                <textarea rows={3} {...props} onChange={(e) => setValue(field.key, e.target.value)} />
              ) : (
                <input
                  type={field.secret ? 'password' : 'text'}
                  {...props}
                  onChange={(e) => setValue(field.key, e.target.value)}
                />
              )}
            </FormField>
          );
        })}
      </div>
      <FormProblem
        text={problemElsewhere(problem, ['name', 'kind', ...fields.map((x) => `settings.${x.key}`)])}
        testId="export-problem"
      />
      <FormActions
        label={destination ? 'Save' : 'Add destination'}
        isSaving={isSaving}
        testId="export-save"
        onCancel={onCancel}
      />
    </form>
  );
}
