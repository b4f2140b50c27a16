import { useState, type FormEvent } from 'react';
import type { MaintenanceSchedule, MaintenanceWindow, MonitoringArea } from '@vigil/protocol';
import { MONITORING_AREAS } from '../../api/alerting-api.js';
import { sendApi } from '../../api/api-client.js';
import { WEEKDAYS } from '../../components/alerting/alerting-format.js';
import { FieldProblem, FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { findUnreadable, problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { fromUtcInput, toUtcInput } from '../../components/alerting/utc-input.js';

const FIELDS = [
  'description',
  'scope',
  'schedule.startsAt',
  'schedule.endsAt',
  'schedule.weekdays',
  'schedule.startTime',
  'schedule.duration',
  'schedule.activeFrom',
  'schedule.activeUntil',
];
/** A UTC date input → epoch ms at 00:00 UTC, or undefined when empty. */
const fromDateInput = (v: string) => (v ? Date.parse(`${v}T00:00:00Z`) : undefined);

/** The new-maintenance-window form (POST /api/v1/maintenance-windows): scope, one-off or weekly schedule. */
export function MaintenanceEditor({ onSaved, onCancel }: { onSaved: () => void; onCancel: () => void }) {
  const start = Date.now();
  const [description, setDescription] = useState('');
  const [models, setModels] = useState('');
  const [areas, setAreas] = useState<MonitoringArea[]>([]);
  const [kind, setKind] = useState<MaintenanceSchedule['kind']>('once');
  const [startsAt, setStartsAt] = useState(toUtcInput(start));
  const [endsAt, setEndsAt] = useState(toUtcInput(start + 2 * 3_600_000));
  const [weekdays, setWeekdays] = useState<number[]>([0]);
  const [startTime, setStartTime] = useState('02:00');
  const [duration, setDuration] = useState('2h');
  const [activeFrom, setActiveFrom] = useState('');
  const [activeUntil, setActiveUntil] = useState('');
  const { problem, isSaving, submit } = useSaveForm(onSaved);

  const toggleArea = (a: MonitoringArea) => setAreas((x) => (x.includes(a) ? x.filter((y) => y !== a) : [...x, a]));
  const toggleDay = (d: number) => setWeekdays((x) => (x.includes(d) ? x.filter((y) => y !== d) : [...x, d].sort()));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const modelList = models
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    const from = fromDateInput(activeFrom);
    const until = fromDateInput(activeUntil);
    const schedule: MaintenanceSchedule =
      kind === 'once'
        ? { kind, startsAt: fromUtcInput(startsAt), endsAt: fromUtcInput(endsAt) }
        : {
            kind,
            weekdays,
            startTime,
            duration: duration.trim(),
            ...(from !== undefined && { activeFrom: from }),
            ...(until !== undefined && { activeUntil: until }),
          };
    const body: Omit<MaintenanceWindow, 'id'> = {
      ...(description.trim() && { description: description.trim() }),
      scope: { ...(modelList.length && { models: modelList }), ...(areas.length && { areas }) },
      schedule,
    };
    const unreadable =
      schedule.kind === 'once'
        ? findUnreadable(
            { 'schedule.startsAt': schedule.startsAt, 'schedule.endsAt': schedule.endsAt },
            'a date and time (UTC)',
          )
        : null;
    await submit(() => sendApi('POST', '/api/v1/maintenance-windows', body), unreadable);
  };

  return (
    <form className="card stack" onSubmit={save} data-testid="maintenance-editor" style={{ marginBottom: 16 }}>
      <h2>New maintenance window</h2>
      <div className="form-grid">
        <FormField label="Description" wide problem={problemAt(problem, 'description')}>
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="e.g. GPU driver upgrade"
            data-testid="maintenance-description"
          />
        </FormField>
        <FormField
          label="Models"
          hint="comma-separated; empty: every model"
          problem={problemAt(problem, 'scope.models')}
        >
          <input value={models} onChange={(e) => setModels(e.target.value)} data-testid="maintenance-models" />
        </FormField>
        <FormField label="Schedule" problem={null}>
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as MaintenanceSchedule['kind'])}
            data-testid="maintenance-kind"
          >
            <option value="once">once</option>
            <option value="weekly">weekly</option>
          </select>
        </FormField>
      </div>
      <fieldset className="checks">
        <legend>Areas · none ticked: every area</legend>
        {MONITORING_AREAS.map((a) => (
          <label key={a} className="check">
            <input
              type="checkbox"
              checked={areas.includes(a)}
              onChange={() => toggleArea(a)}
              data-testid="maintenance-area"
              data-area={a}
            />{' '}
            {a}
          </label>
        ))}
        <FieldProblem text={problemAt(problem, 'scope.areas')} />
      </fieldset>
      {kind === 'once' ? (
        <div className="form-grid">
          <FormField label="Starts (UTC)" problem={problemAt(problem, 'schedule.startsAt')}>
            <input
              type="datetime-local"
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
              data-testid="maintenance-starts"
            />
          </FormField>
          <FormField label="Ends (UTC)" problem={problemAt(problem, 'schedule.endsAt')}>
            <input
              type="datetime-local"
              value={endsAt}
              onChange={(e) => setEndsAt(e.target.value)}
              data-testid="maintenance-ends"
            />
          </FormField>
        </div>
      ) : (
        <>
          <fieldset className="checks">
            <legend>Every (UTC)</legend>
            {WEEKDAYS.map((d, i) => (
              <label key={d} className="check">
                <input
                  type="checkbox"
                  checked={weekdays.includes(i)}
                  onChange={() => toggleDay(i)}
                  data-testid="maintenance-weekday"
                />{' '}
                {d}
              </label>
            ))}
            <FieldProblem text={problemAt(problem, 'schedule.weekdays')} />
          </fieldset>
          <div className="form-grid">
            <FormField label="Starts at (HH:MM UTC)" problem={problemAt(problem, 'schedule.startTime')}>
              <input
                value={startTime}
                onChange={(e) => setStartTime(e.target.value)}
                placeholder="02:00"
                data-testid="maintenance-start-time"
              />
            </FormField>
            <FormField
              label="Duration"
              hint="e.g. 90m, 2h; may span midnight"
              problem={problemAt(problem, 'schedule.duration')}
            >
              <input
                value={duration}
                onChange={(e) => setDuration(e.target.value)}
                data-testid="maintenance-duration"
              />
            </FormField>
            <FormField label="First day (UTC)" hint="optional" problem={problemAt(problem, 'schedule.activeFrom')}>
              <input type="date" value={activeFrom} onChange={(e) => setActiveFrom(e.target.value)} />
            </FormField>
            <FormField
              label="No occurrence from (UTC)"
              hint="optional"
              problem={problemAt(problem, 'schedule.activeUntil')}
            >
              <input type="date" value={activeUntil} onChange={(e) => setActiveUntil(e.target.value)} />
            </FormField>
          </div>
        </>
      )}
      <FormProblem text={problemElsewhere(problem, FIELDS)} testId="maintenance-problem" />
      <FormActions label="Create window" isSaving={isSaving} testId="maintenance-save" onCancel={onCancel} />
    </form>
  );
}
