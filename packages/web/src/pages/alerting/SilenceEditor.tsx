import { useState, type FormEvent } from 'react';
import type { LabelMatcher, Silence } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { FieldProblem, FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { findUnreadable, problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { fromUtcInput, toUtcInput } from '../../components/alerting/utc-input.js';

const OPS: LabelMatcher['op'][] = ['=', '!=', '=~', '!~'];
const DURATIONS = [
  { label: '1 h', ms: 3_600_000 },
  { label: '4 h', ms: 4 * 3_600_000 },
  { label: '1 d', ms: 86_400_000 },
  { label: '1 w', ms: 7 * 86_400_000 },
];
const FIELDS = ['matchers', 'startsAt', 'endsAt', 'createdBy', 'comment'];

/** `?matcher=alertname=Brew%20p95` (repeatable) → equality matchers for a new silence. */
export function matchersFromQuery(query: URLSearchParams): LabelMatcher[] {
  return query.getAll('matcher').flatMap((m) => {
    const i = m.indexOf('=');
    return i > 0 ? [{ name: m.slice(0, i), op: '=' as const, value: m.slice(i + 1) }] : [];
  });
}

/** The new-silence form (POST /api/v1/silences); the server checks it and its message lands under the field. */
export function SilenceEditor({
  initialMatchers,
  onSaved,
  onCancel,
}: {
  initialMatchers: LabelMatcher[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const start = Date.now();
  const [matchers, setMatchers] = useState<LabelMatcher[]>(
    initialMatchers.length ? initialMatchers : [{ name: '', op: '=', value: '' }],
  );
  const [startsAt, setStartsAt] = useState(toUtcInput(start));
  const [endsAt, setEndsAt] = useState(toUtcInput(start + 2 * 3_600_000));
  const [createdBy, setCreatedBy] = useState('');
  const [comment, setComment] = useState('');
  const { problem, isSaving, submit } = useSaveForm(onSaved);

  const setMatcher = (i: number, change: Partial<LabelMatcher>) =>
    setMatchers((ms) => ms.map((m, j) => (j === i ? { ...m, ...change } : m)));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body: Omit<Silence, 'id'> = {
      matchers,
      startsAt: fromUtcInput(startsAt),
      endsAt: fromUtcInput(endsAt),
      ...(createdBy.trim() && { createdBy: createdBy.trim() }),
      ...(comment.trim() && { comment: comment.trim() }),
    };
    await submit(
      () => sendApi('POST', '/api/v1/silences', body),
      findUnreadable({ startsAt: body.startsAt, endsAt: body.endsAt }, 'a date and time (UTC)'),
    );
  };

  return (
    <form className="card stack" onSubmit={save} data-testid="silence-editor" style={{ marginBottom: 16 }}>
      <h2>New silence</h2>
      <fieldset className="matchers" data-invalid={problemAt(problem, 'matchers') ? 'true' : undefined}>
        <legend>
          Matchers · every one must match an alert's labels (alertname, rule_id, area, severity, model, endpoint, …)
        </legend>
        {matchers.map((m, i) => (
          <div className="matcher-row" key={i} data-testid="matcher-row">
            <input
              aria-label={`Matcher ${i + 1} label`}
              placeholder="label, e.g. model"
              value={m.name}
              onChange={(e) => setMatcher(i, { name: e.target.value })}
              data-testid="matcher-name"
            />
            <select
              aria-label={`Matcher ${i + 1} operator`}
              value={m.op}
              onChange={(e) => setMatcher(i, { op: e.target.value as LabelMatcher['op'] })}
              data-testid="matcher-op"
            >
              {OPS.map((op) => (
                <option key={op}>{op}</option>
              ))}
            </select>
            <input
              aria-label={`Matcher ${i + 1} value`}
              placeholder={m.op.endsWith('~') ? 'regex, e.g. fraud-.*' : 'value'}
              value={m.value}
              onChange={(e) => setMatcher(i, { value: e.target.value })}
              data-testid="matcher-value"
            />
            <button
              type="button"
              onClick={() => setMatchers((ms) => ms.filter((_, j) => j !== i))}
              disabled={matchers.length === 1}
              aria-label={`Remove matcher ${i + 1}`}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setMatchers((ms) => [...ms, { name: '', op: '=', value: '' }])}
          data-testid="matcher-add"
        >
          Add matcher
        </button>
        <FieldProblem text={problemAt(problem, 'matchers')} />
      </fieldset>
      <div className="form-grid">
        <FormField label="Starts (UTC)" problem={problemAt(problem, 'startsAt')}>
          <input
            type="datetime-local"
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
            data-testid="silence-starts"
          />
        </FormField>
        <FormField label="Ends (UTC)" problem={problemAt(problem, 'endsAt')}>
          <input
            type="datetime-local"
            value={endsAt}
            onChange={(e) => setEndsAt(e.target.value)}
            data-testid="silence-ends"
          />
        </FormField>
        <div className="field">
          <span>Duration from the start</span>
          <div className="actions">
            {DURATIONS.map((d) => (
              <button
                key={d.label}
                type="button"
                onClick={() => setEndsAt(toUtcInput((fromUtcInput(startsAt) || Date.now()) + d.ms))}
              >
                {d.label}
              </button>
            ))}
          </div>
        </div>
        <FormField label="Created by" problem={problemAt(problem, 'createdBy')}>
          <input
            value={createdBy}
            onChange={(e) => setCreatedBy(e.target.value)}
            placeholder="your name"
            data-testid="silence-created-by"
          />
        </FormField>
        <FormField label="Comment" hint="why; shown beside the silence" wide problem={problemAt(problem, 'comment')}>
          <input value={comment} onChange={(e) => setComment(e.target.value)} data-testid="silence-comment" />
        </FormField>
      </div>
      <FormProblem text={problemElsewhere(problem, FIELDS)} testId="silence-problem" />
      <FormActions label="Create silence" isSaving={isSaving} testId="silence-save" onCancel={onCancel} />
    </form>
  );
}
