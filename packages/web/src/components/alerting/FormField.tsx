import type { ReactNode } from 'react';

/** A labelled form field; `problem` (the server's message naming this field) shows under it. */
export function FormField({
  label,
  hint,
  wide,
  problem,
  children,
}: {
  label: string;
  hint?: string;
  wide?: boolean;
  problem?: string | null;
  children: ReactNode;
}) {
  return (
    <label className={wide ? 'field wide' : 'field'} data-invalid={problem ? 'true' : undefined}>
      <span>
        {label} {hint && <span className="hint">· {hint}</span>}
      </span>
      {children}
      <FieldProblem text={problem ?? null} />
    </label>
  );
}

/** The server's message under a field or a group of inputs (matchers, levels), when it names that field. */
export function FieldProblem({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <span className="field-problem" role="alert" data-testid="field-problem">
      {text}
    </span>
  );
}

/** The problem no field claimed, below a form. */
export function FormProblem({ text, testId }: { text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <p className="notice error" role="alert" data-testid={testId}>
      {text}
    </p>
  );
}

/** Submit (disabled while saving) and, when `onCancel` is given, Cancel: the end of every alerting form. */
export function FormActions({
  label,
  isSaving,
  testId,
  onCancel,
}: {
  label: string;
  isSaving: boolean;
  testId: string;
  onCancel?: () => void;
}) {
  return (
    <div className="actions">
      <button type="submit" className="primary-button" disabled={isSaving} data-testid={testId}>
        {isSaving ? 'Saving…' : label}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
