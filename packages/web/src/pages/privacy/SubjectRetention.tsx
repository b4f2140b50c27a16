import { useState } from 'react';
import type { RetentionPolicy, RetentionPolicyList } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { formatTime } from '../../format/format-time.js';

/** "" → null (the global default), else whole days. */
const parseDays = (s: string): number | null => (s.trim() === '' ? null : Number(s));

function PolicyRow({ p, mayEdit, onSaved }: { p: RetentionPolicy; mayEdit: boolean; onSaved: () => void }) {
  const [raw, setRaw] = useState(p.rawEventDays === null ? '' : String(p.rawEventDays));
  const [rollup, setRollup] = useState(p.rollupDays === null ? '' : String(p.rollupDays));
  const [problem, setProblem] = useState<string | null>(null);
  const isChanged = parseDays(raw) !== p.rawEventDays || parseDays(rollup) !== p.rollupDays;
  const save = async () => {
    setProblem(null);
    try {
      await sendApi('PUT', `/api/v1/retention-policies/${encodeURIComponent(p.useCaseId)}`, {
        rawEventDays: parseDays(raw),
        rollupDays: parseDays(rollup),
      });
      onSaved();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <tr data-testid={`retention-${p.useCaseId}`}>
      <td>
        {p.useCaseName}
        <div className="muted small">{p.models.join(', ') || 'no models'}</div>
      </td>
      <td>
        <input
          type="number"
          min={1}
          className="days-input"
          aria-label={`Raw-event days of ${p.useCaseName}`}
          placeholder={`${p.effectiveRawEventDays} (global)`}
          value={raw}
          disabled={!mayEdit}
          onChange={(e) => setRaw(e.target.value)}
          data-testid="retention-raw"
        />
      </td>
      <td>
        <input
          type="number"
          min={1}
          className="days-input"
          aria-label={`Rollup days of ${p.useCaseName}`}
          placeholder="kept"
          value={rollup}
          disabled={!mayEdit}
          onChange={(e) => setRollup(e.target.value)}
          data-testid="retention-rollup"
        />
      </td>
      <td className="small">
        raw {p.effectiveRawEventDays} d · rollups{' '}
        {p.effectiveRollupDays === null ? 'kept' : `${p.effectiveRollupDays} d`}
        {p.updatedAt && (
          <div className="muted">
            {p.updatedBy} · {formatTime(p.updatedAt)}
          </div>
        )}
        {problem && (
          <div className="error" role="alert">
            {problem}
          </div>
        )}
      </td>
      <td>
        {mayEdit && (
          <button type="button" disabled={!isChanged} onClick={() => void save()} data-testid="retention-save">
            Save
          </button>
        )}
      </td>
    </tr>
  );
}

/** Retention per use case: raw-event days (at most the global) and rollup days, enforced by the retention job. */
export function SubjectRetention({ mayEdit }: { mayEdit: boolean }) {
  const [reload, setReload] = useState(0);
  const state = useApi<RetentionPolicyList>('/api/v1/retention-policies', {}, reload);
  return (
    <div className="card stack" data-testid="retention-policies">
      <h2>Retention per use case</h2>
      <StateView state={state} label="retention policies">
        {(list) => (
          <>
            <p className="muted small">
              Raw events and labels are kept {list.globalRawEventDays} days (<code>--retention-days</code>) and minute
              rollups {list.minuteRollupDays} days; hourly and daily rollups are kept. A use case may keep its models’
              raw events for less, and its rollups for a number of days. Empty = the default. The hourly retention job
              applies them.
            </p>
            {list.policies.length === 0 ? (
              <p className="state empty">No use cases yet: register one under Use cases.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th>Use case</th>
                      <th>Raw-event days</th>
                      <th>Rollup days</th>
                      <th>Applied</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {list.policies.map((p) => (
                      <PolicyRow
                        key={`${p.useCaseId}/${p.updatedAt ?? ''}`}
                        p={p}
                        mayEdit={mayEdit}
                        onSaved={() => setReload((n) => n + 1)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </StateView>
    </div>
  );
}
