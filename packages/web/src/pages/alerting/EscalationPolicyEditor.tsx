import { useState, type FormEvent } from 'react';
import type { EscalationPolicyAnswer, EscalationPolicyBody } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { FieldProblem, FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { findUnreadable, problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { StateView } from '../../components/StateView.js';

const MIN = 60_000;
type LevelRow = { name: string; team: string; minutes: string };
/** Minutes typed → ms; NaN (refused in the page, naming the field) when not a number. */
const toMs = (minutes: string) => (minutes.trim() === '' ? NaN : Math.round(Number(minutes) * MIN));

/** The escalation policy section of the teams page: GET / PUT /api/v1/escalation-policy. `teamNames` null: not known (yet). */
export function EscalationPolicyEditor({ teamNames }: { teamNames: string[] | null }) {
  const [reload, setReload] = useState(0);
  const [saved, setSaved] = useState(false);
  const answer = useApi<EscalationPolicyAnswer>('/api/v1/escalation-policy', {}, reload);
  return (
    <section className="card stack" data-testid="escalation-policy" style={{ marginTop: 20 }}>
      <h2>Escalation policy</h2>
      <p className="muted small">
        An unacknowledged incident pages the next level when its level's timeout passes; it starts at the level of its
        area's PRIMARY team (the first level when that team is not on the chain). The last level is paged at once for a
        customer-facing outage, or when the estimated impact (rate × time open, the first hour in full) passes the
        threshold. Changes apply to open incidents from their next step.
      </p>
      <StateView state={answer} label="the escalation policy">
        {(a) => (
          <PolicyForm
            key={JSON.stringify(a)}
            answer={a}
            teamNames={teamNames}
            onEdit={() => setSaved(false)}
            onSaved={() => {
              setSaved(true);
              setReload((n) => n + 1);
            }}
          />
        )}
      </StateView>
      {saved && (
        <p className="notice ok" role="status" data-testid="escalation-saved">
          Policy saved; escalation follows it from the next step of every open incident.
        </p>
      )}
    </section>
  );
}

function PolicyForm({
  answer,
  teamNames,
  onEdit,
  onSaved,
}: {
  answer: EscalationPolicyAnswer;
  teamNames: string[] | null;
  onEdit: () => void;
  onSaved: () => void;
}) {
  const p = answer.policy;
  const [levels, setLevels] = useState<LevelRow[]>(
    p.levels.map((l) => ({ name: l.name, team: l.team, minutes: String(l.ackTimeoutMs / MIN) })),
  );
  const [threshold, setThreshold] = useState(String(p.executiveImpactUsd));
  const [reminderAfter, setReminderAfter] = useState(String(p.reminderAfterMs / MIN));
  const [reminderEvery, setReminderEvery] = useState(String(p.reminderIntervalMs / MIN));
  const { problem, isSaving, submit, clearProblem } = useSaveForm(onSaved);
  const last = levels.length - 1;
  // Fields that show their own problem; any other (e.g. too many levels) shows below the form.
  const claimed = [
    ...levels.flatMap((_, i) => ['name', 'team', 'ackTimeoutMs'].map((f) => `policy.levels.${i}.${f}`)),
    'policy.executiveImpactUsd',
    'policy.reminderAfterMs',
    'policy.reminderIntervalMs',
  ];

  const change = (fn: () => void) => {
    onEdit();
    clearProblem();
    fn();
  };
  const setLevel = (i: number, c: Partial<LevelRow>) =>
    change(() => setLevels((ls) => ls.map((l, j) => (j === i ? { ...l, ...c } : l))));
  // A new level goes before the last one: the last stays the Executive level.
  const addLevel = () =>
    change(() =>
      setLevels((ls) => [...ls.slice(0, -1), { name: `L${ls.length}`, team: '', minutes: '15' }, ...ls.slice(-1)]),
    );
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const policy: EscalationPolicyBody = {
      levels: levels.map((l, i) => ({
        name: l.name.trim(),
        team: l.team.trim(),
        ackTimeoutMs: i === last ? 0 : toMs(l.minutes),
      })),
      executiveImpactUsd: threshold.trim() === '' ? NaN : Number(threshold),
      reminderAfterMs: toMs(reminderAfter),
      reminderIntervalMs: toMs(reminderEvery),
    };
    const unreadable = findUnreadable({
      ...Object.fromEntries(policy.levels.map((l, i) => [`policy.levels.${i}.ackTimeoutMs`, l.ackTimeoutMs])),
      'policy.executiveImpactUsd': policy.executiveImpactUsd,
      'policy.reminderAfterMs': policy.reminderAfterMs,
      'policy.reminderIntervalMs': policy.reminderIntervalMs,
    });
    await submit(() => sendApi('PUT', '/api/v1/escalation-policy', { policy }), unreadable);
  };

  return (
    <form onSubmit={save} className="stack" data-testid="escalation-form">
      {answer.isDefault && <p className="muted small">The built-in default: never edited.</p>}
      <table className="data-table responsive" data-testid="escalation-levels">
        <thead>
          <tr>
            <th>Level</th>
            <th>Team</th>
            <th>Acknowledge within (min)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {levels.map((l, i) => {
            const at = (f: string) => problemAt(problem, `policy.levels.${i}.${f}`);
            return (
              <tr key={i} data-testid="escalation-level">
                <td data-label="Level">
                  <input
                    className="inline-input"
                    aria-label={`Level ${i + 1} name`}
                    value={l.name}
                    onChange={(e) => setLevel(i, { name: e.target.value })}
                    data-testid="level-name"
                  />
                  <FieldProblem text={at('name')} />
                </td>
                <td data-label="Team">
                  <input
                    className="inline-input"
                    aria-label={`Level ${i + 1} team`}
                    value={l.team}
                    list="escalation-teams"
                    onChange={(e) => setLevel(i, { team: e.target.value })}
                    data-testid="level-team"
                  />
                  <FieldProblem text={at('team')} />
                  {teamNames && l.team.trim() && !teamNames.includes(l.team.trim()) && (
                    <div className="muted small">no team of this name yet: its pages go nowhere</div>
                  )}
                </td>
                <td data-label="Acknowledge within (min)">
                  {i === last ? (
                    <span className="muted small">last level</span>
                  ) : (
                    <input
                      className="inline-input"
                      aria-label={`Level ${i + 1} acknowledgement timeout, minutes`}
                      value={l.minutes}
                      inputMode="decimal"
                      onChange={(e) => setLevel(i, { minutes: e.target.value })}
                      data-testid="level-timeout"
                    />
                  )}
                  <FieldProblem text={at('ackTimeoutMs')} />
                </td>
                <td data-label="">
                  <button
                    type="button"
                    onClick={() => change(() => setLevels((ls) => ls.filter((_, j) => j !== i)))}
                    disabled={levels.length === 1}
                    aria-label={`Remove level ${i + 1}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <datalist id="escalation-teams">
        {(teamNames ?? []).map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <div className="actions">
        <button type="button" onClick={addLevel} disabled={levels.length >= 10} data-testid="level-add">
          Add level
        </button>
      </div>
      <div className="form-grid">
        <FormField
          label="Executive threshold, USD"
          hint="estimated impact above it pages the last level"
          problem={problemAt(problem, 'policy.executiveImpactUsd')}
        >
          <input
            value={threshold}
            onChange={(e) => change(() => setThreshold(e.target.value))}
            inputMode="decimal"
            data-testid="escalation-threshold"
          />
        </FormField>
        <FormField
          label="Remind after (min)"
          hint="an acknowledged incident still open"
          problem={problemAt(problem, 'policy.reminderAfterMs')}
        >
          <input
            value={reminderAfter}
            onChange={(e) => change(() => setReminderAfter(e.target.value))}
            inputMode="decimal"
            data-testid="escalation-reminder-after"
          />
        </FormField>
        <FormField label="Then every (min)" problem={problemAt(problem, 'policy.reminderIntervalMs')}>
          <input
            value={reminderEvery}
            onChange={(e) => change(() => setReminderEvery(e.target.value))}
            inputMode="decimal"
            data-testid="escalation-reminder-every"
          />
        </FormField>
      </div>
      <FormProblem text={problemElsewhere(problem, claimed)} testId="escalation-problem" />
      <FormActions label="Save policy" isSaving={isSaving} testId="escalation-save" />
    </form>
  );
}
