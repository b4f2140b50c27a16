import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { AlertRule, RuleKind, RuleOne, StoredRule } from '@vigil/protocol';
import { COMPARATORS, MONITORING_AREAS, SEVERITIES } from '../../api/alerting-api.js';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { AlertingNav } from '../../components/alerting/AlertingNav.js';
import { StateView } from '../../components/StateView.js';
import { navigate } from '../../routing/router.js';
import { RulePreviewCard } from './RulePreviewCard.js';
import { EMPTY_DRAFT, SUGGESTED_METRICS, buildRule, draftFromRule, type RuleDraft } from './rule-draft.js';

const KINDS: Array<{ kind: RuleKind; label: string }> = [
  { kind: 'threshold', label: 'Threshold' },
  { kind: 'relative_change', label: 'Relative change' },
  { kind: 'absence', label: 'Absence of data' },
  { kind: 'slo_burn', label: 'SLO burn rate' },
];

/** `/alerts/rules/new` and `/alerts/rules/:id`: the rule form, with a live preview over the past week. */
export function RuleEditorPage({ ruleId }: { ruleId: string | null }) {
  const stored = useApi<RuleOne>(ruleId === null ? null : `/api/v1/alerts/rules/${encodeURIComponent(ruleId)}`);
  return (
    <section className="page" data-testid="rule-editor-page">
      <div className="page-head">
        <h1>{ruleId === null ? 'New alert rule' : `Rule ${ruleId}`}</h1>
      </div>
      <AlertingNav />
      {ruleId === null ? (
        <RuleForm initial={EMPTY_DRAFT} stored={null} />
      ) : (
        <StateView state={stored} label="the rule">
          {({ rule: s }) => <RuleForm key={`${s.rule.id}@${s.version}`} initial={draftFromRule(s.rule)} stored={s} />}
        </StateView>
      )}
    </section>
  );
}

function RuleForm({ initial, stored }: { initial: RuleDraft; stored: StoredRule | null }) {
  const [d, setD] = useState<RuleDraft>(initial);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // Problems show for fields the person has left (or changed), and for all of them once they try to save:
  // an empty form is not a list of errors.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(stored ? Object.keys(initial) : []));
  const [isAttempted, setIsAttempted] = useState(false);
  const built = useMemo(() => buildRule(d), [d]);
  const shownProblems = built.problems.filter((_, i) => isAttempted || touched.has(built.problemFields[i] ?? ''));
  const touch = (k: string) => setTouched((t) => (t.has(k) ? t : new Set([...t, k])));
  const set =
    <K extends keyof RuleDraft>(k: K) =>
    (v: RuleDraft[K]) => {
      touch(k);
      setD((x) => ({ ...x, [k]: v }));
    };
  const isNew = stored === null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setIsAttempted(true);
    if (!built.rule) return;
    setSaving(true);
    setResult(null);
    try {
      if (isNew) await sendApi('POST', '/api/v1/alerts/rules', built.rule);
      else await sendApi('PUT', `/api/v1/alerts/rules/${encodeURIComponent(stored.rule.id)}`, built.rule);
      setResult({ ok: true, text: isNew ? 'Rule created.' : 'Rule saved.' });
      if (isNew) navigate(`/alerts/rules/${encodeURIComponent(built.rule.id)}`, { replace: true });
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!stored || !window.confirm(`Delete rule ${stored.rule.id}? Its alerts resolve at the next evaluation.`)) return;
    try {
      await sendApi('DELETE', `/api/v1/alerts/rules/${encodeURIComponent(stored.rule.id)}`);
      navigate('/alerts/rules');
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };

  const usesMetric = d.kind === 'threshold' || d.kind === 'relative_change' || d.kind === 'absence';
  return (
    <div className="editor-layout">
      <form
        onSubmit={save}
        className="stack"
        data-testid="rule-form"
        onBlur={(e) => {
          const name = (e.target as HTMLElement).getAttribute('data-field');
          if (name) touch(name);
        }}
      >
        {stored && (
          <p className="muted small">
            Version {stored.version}, from{' '}
            {stored.source === 'yaml' ? 'a YAML file (vigil rules apply will overwrite edits made here)' : 'the API'}.
          </p>
        )}
        <fieldset className="card">
          <legend>Rule</legend>
          <div className="form-grid">
            <Field label="Id" hint="Stable; used in URLs and labels">
              <input
                value={d.id}
                data-field="id"
                onChange={(e) => set('id')(e.target.value)}
                disabled={!isNew}
                required
                data-testid="rule-id"
              />
            </Field>
            <Field label="Name" hint="Becomes the alertname label">
              <input
                value={d.name}
                data-field="name"
                onChange={(e) => set('name')(e.target.value)}
                required
                data-testid="rule-name"
              />
            </Field>
            <Field label="Kind">
              <select
                value={d.kind}
                data-field="kind"
                onChange={(e) => set('kind')(e.target.value as RuleKind)}
                data-testid="rule-kind"
              >
                {KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Area" hint="Picks the teams through the RACI matrix">
              <select
                value={d.area}
                data-field="area"
                onChange={(e) => set('area')(e.target.value as RuleDraft['area'])}
                data-testid="rule-area"
              >
                {MONITORING_AREAS.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </Field>
            <Field label="Severity">
              <select
                value={d.severity}
                data-field="severity"
                onChange={(e) => set('severity')(e.target.value as RuleDraft['severity'])}
                data-testid="rule-severity"
              >
                {SEVERITIES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={d.enabled}
                data-field="enabled"
                onChange={(e) => set('enabled')(e.target.checked)}
              />{' '}
              Enabled
            </label>
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>Condition</legend>
          <div className="form-grid">
            <Field label="Model" hint="Empty: all models">
              <input
                value={d.model}
                data-field="model"
                onChange={(e) => set('model')(e.target.value)}
                data-testid="rule-model"
              />
            </Field>
            <Field label="Endpoint" hint="Empty: all endpoints">
              <input
                value={d.endpoint}
                data-field="endpoint"
                onChange={(e) => set('endpoint')(e.target.value)}
                placeholder="POST /v1/predict"
              />
            </Field>
            <Field label="Segment" hint="One tag value, e.g. region=eu; empty: all calls">
              <input
                value={d.segment}
                data-field="segment"
                onChange={(e) => set('segment')(e.target.value)}
                placeholder="region=eu"
                data-testid="rule-segment"
              />
            </Field>
            {usesMetric && (
              <Field label="Metric" hint={d.kind === 'absence' ? 'A count; empty = calls' : undefined}>
                <input
                  value={d.metric}
                  data-field="metric"
                  onChange={(e) => set('metric')(e.target.value)}
                  list="alert-metrics"
                  data-testid="rule-metric"
                />
              </Field>
            )}
            {(d.kind === 'threshold' || d.kind === 'relative_change') && (
              <Field label="Comparator">
                <select
                  value={d.comparator}
                  data-field="comparator"
                  onChange={(e) => set('comparator')(e.target.value as RuleDraft['comparator'])}
                  data-testid="rule-comparator"
                >
                  {COMPARATORS.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </Field>
            )}
            {d.kind === 'threshold' && (
              <Field label="Value" hint="In the metric's unit: ms for latency, 0–1 for errorRate">
                <input
                  value={d.value}
                  data-field="value"
                  onChange={(e) => set('value')(e.target.value)}
                  inputMode="decimal"
                  required
                  data-testid="rule-value"
                />
              </Field>
            )}
            {d.kind === 'relative_change' && (
              <>
                <Field label="Change %" hint="100 × (now − past) / |past|">
                  <input
                    value={d.changePercent}
                    data-field="changePercent"
                    onChange={(e) => set('changePercent')(e.target.value)}
                    inputMode="decimal"
                    required
                    data-testid="rule-change"
                  />
                </Field>
                <Field label="Compared with" hint="How far back, e.g. 1d or 1w">
                  <input
                    value={d.offset}
                    data-field="offset"
                    onChange={(e) => set('offset')(e.target.value)}
                    required
                    data-testid="rule-offset"
                  />
                </Field>
              </>
            )}
            {d.kind !== 'slo_burn' && (
              <Field
                label="Window"
                hint={d.kind === 'absence' ? 'Required, e.g. 15m' : `Default ${d.kind === 'threshold' ? '5m' : '1h'}`}
              >
                <input
                  value={d.window}
                  data-field="window"
                  onChange={(e) => set('window')(e.target.value)}
                  required={d.kind === 'absence'}
                  data-testid="rule-window"
                />
              </Field>
            )}
            {d.kind === 'slo_burn' && (
              <>
                <Field label="Error-ratio metric" hint="0..1 over a window">
                  <input
                    value={d.errorRatioMetric}
                    data-field="errorRatioMetric"
                    onChange={(e) => set('errorRatioMetric')(e.target.value)}
                    list="alert-metrics"
                  />
                </Field>
                <Field label="Objective %" hint="e.g. 99.9">
                  <input
                    value={d.objectivePercent}
                    data-field="objectivePercent"
                    onChange={(e) => set('objectivePercent')(e.target.value)}
                    inputMode="decimal"
                    data-testid="rule-objective"
                  />
                </Field>
                {d.kept.windows ? (
                  <p className="muted small">
                    Explicit burn windows:{' '}
                    {d.kept.windows.map((w) => `${w.long}/${w.short} ≥ ${w.burnRate}×`).join(', ')}
                  </p>
                ) : (
                  <Field label="Alert" hint="page: 1h/5m ≥ 14.4× or 6h/30m ≥ 6×; ticket: 3d/6h ≥ 1×">
                    <select
                      value={d.alert}
                      data-field="alert"
                      onChange={(e) => set('alert')(e.target.value as 'page' | 'ticket')}
                    >
                      <option value="page">page</option>
                      <option value="ticket">ticket</option>
                    </select>
                  </Field>
                )}
              </>
            )}
            <Field label="For" hint="Pending this long before firing; default 0s">
              <input
                value={d.for}
                data-field="for"
                onChange={(e) => set('for')(e.target.value)}
                placeholder="0s"
                data-testid="rule-for"
              />
            </Field>
            <Field label="Keep firing for" hint="Against flapping; default 0s">
              <input
                value={d.keepFiringFor}
                data-field="keepFiringFor"
                onChange={(e) => set('keepFiringFor')(e.target.value)}
                placeholder="0s"
              />
            </Field>
          </div>
          <datalist id="alert-metrics">
            {SUGGESTED_METRICS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </fieldset>

        <fieldset className="card">
          <legend>Response</legend>
          <div className="form-grid">
            <Field label="Runbook" hint="A URL, or markdown kept in Vigil" wide>
              <textarea
                value={d.runbook}
                data-field="runbook"
                onChange={(e) => set('runbook')(e.target.value)}
                required
                data-testid="rule-runbook"
              />
            </Field>
            <Field label="Summary" hint="{{value}} is replaced by the observed value" wide>
              <input value={d.summary} data-field="summary" onChange={(e) => set('summary')(e.target.value)} />
            </Field>
            <Field label="Business impact, $/hour" hint="Above $10,000 goes straight to Executive">
              <input
                value={d.impact}
                data-field="impact"
                onChange={(e) => set('impact')(e.target.value)}
                inputMode="decimal"
                data-testid="rule-impact"
              />
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={d.isCustomerFacing}
                data-field="isCustomerFacing"
                onChange={(e) => set('isCustomerFacing')(e.target.checked)}
              />{' '}
              Customer-facing outage when firing
            </label>
          </div>
          {d.kept.labels && (
            <p className="muted small">
              Labels (kept as they are):{' '}
              {Object.entries(d.kept.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}
            </p>
          )}
        </fieldset>

        {shownProblems.length > 0 && (
          <ul className="notice error small" data-testid="rule-problems">
            {shownProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {result && (
          <p
            className={`notice ${result.ok ? 'ok' : 'error'}`}
            role={result.ok ? 'status' : 'alert'}
            data-testid="rule-save-result"
          >
            {result.text}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary-button" disabled={saving} data-testid="rule-save">
            {saving ? 'Saving…' : isNew ? 'Create rule' : 'Save rule'}
          </button>
          {!isNew && (
            <button type="button" className="danger-button" onClick={remove}>
              Delete
            </button>
          )}
        </div>
      </form>
      <RulePreviewCard rule={built.rule as AlertRule | null} />
    </div>
  );
}

function Field({ label, hint, wide, children }: { label: string; hint?: string; wide?: boolean; children: ReactNode }) {
  return (
    <label className={wide ? 'field wide' : 'field'}>
      <span>
        {label} {hint && <span className="hint">· {hint}</span>}
      </span>
      {children}
    </label>
  );
}
