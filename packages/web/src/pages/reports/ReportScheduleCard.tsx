import { useEffect, useState } from 'react';
import type { ReportSchedule, ReportScheduleAnswer } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'ok'; text: string } | { kind: 'error'; text: string };

/** The schedule (cadence, send hour, teams) and "generate the last period now". */
export function ReportScheduleCard({ onGenerated }: { onGenerated: () => void }) {
  const [reload, setReload] = useState(0);
  const state = useApi<ReportScheduleAnswer>('/api/v1/reports/schedule', {}, reload);
  return (
    <div className="card" data-testid="report-schedule">
      <h2>Schedule</h2>
      <StateView state={state} label="the report schedule">
        {({ schedule }) => (
          <ScheduleForm initial={schedule} onSaved={() => setReload((n) => n + 1)} onGenerated={onGenerated} />
        )}
      </StateView>
    </div>
  );
}

function ScheduleForm({
  initial,
  onSaved,
  onGenerated,
}: {
  initial: ReportSchedule;
  onSaved: () => void;
  onGenerated: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [teams, setTeams] = useState(initial.teams.join(', '));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  useEffect(() => setDraft(initial), [initial]);
  const act = (work: () => Promise<string>) => {
    setStatus({ kind: 'busy' });
    work().then(
      (text) => setStatus({ kind: 'ok', text }),
      (err: unknown) => setStatus({ kind: 'error', text: err instanceof Error ? err.message : String(err) }),
    );
  };
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        const body = {
          ...draft,
          teams: teams
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        };
        act(async () => {
          await sendApi('PUT', '/api/v1/reports/schedule', body);
          onSaved();
          return 'Schedule saved.';
        });
      }}
    >
      <label>
        <input
          type="checkbox"
          checked={draft.isEnabled}
          onChange={(e) => setDraft({ ...draft, isEnabled: e.target.checked })}
        />{' '}
        Send automatically
      </label>
      <label>
        Every{' '}
        <select
          value={draft.cadence}
          onChange={(e) => setDraft({ ...draft, cadence: e.target.value as ReportSchedule['cadence'] })}
        >
          <option value="monthly">month</option>
          <option value="weekly">week</option>
        </select>
      </label>
      <label>
        at{' '}
        <input
          type="number"
          min={0}
          max={23}
          value={draft.hourUtc}
          onChange={(e) => setDraft({ ...draft, hourUtc: Number(e.target.value) })}
          style={{ width: '4em' }}
        />{' '}
        :00 UTC after the period
      </label>
      <label>
        to teams <input value={teams} onChange={(e) => setTeams(e.target.value)} aria-label="Teams" size={28} />
      </label>
      <button type="submit" disabled={status.kind === 'busy'}>
        Save
      </button>
      <button
        type="button"
        disabled={status.kind === 'busy'}
        data-testid="generate-report"
        onClick={() =>
          act(async () => {
            const { report } = await sendApi('POST', '/api/v1/reports/run', { cadence: draft.cadence });
            onGenerated();
            return `Generated and sent the report of ${new Date(report.periodFrom).toISOString().slice(0, 10)} – ${new Date(report.periodTo).toISOString().slice(0, 10)}.`;
          })
        }
      >
        Generate the last period now
      </button>
      {status.kind === 'ok' ? <span className="muted">{status.text}</span> : null}
      {status.kind === 'error' ? (
        <span className="notice error" role="alert">
          {status.text}
        </span>
      ) : null}
    </form>
  );
}
