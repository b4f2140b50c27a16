import { useState, type FormEvent } from 'react';
import type { SubjectErasure, SubjectExport } from '@vigil/protocol';
import { fetchApi, sendApi } from '../../api/api-client.js';
import { formatTime } from '../../format/format-time.js';

const SAMPLE = 10;

/**
 * Look up a data subject: what is held (counts, a sample of events and labels, erasures already made), the export
 * as a file, and the erasure behind a typed confirmation. Each lookup is an export the audit trail records, so it
 * runs when asked, never on the auto-refresh.
 */
export function SubjectLookup({ mayManage }: { mayManage: boolean }) {
  const [typed, setTyped] = useState('');
  const [held, setHeld] = useState<SubjectExport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [erased, setErased] = useState<SubjectErasure | null>(null);

  const path = (id: string) => `/api/v1/subjects/${encodeURIComponent(id)}` as const;
  const lookUp = async (id: string) => {
    setBusy(true);
    setProblem(null);
    try {
      setHeld(await fetchApi<SubjectExport>(path(id)));
    } catch (err) {
      setHeld(null);
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErased(null);
    setConfirm('');
    if (typed.trim()) void lookUp(typed.trim());
  };
  const erase = async () => {
    if (!held) return;
    setBusy(true);
    setProblem(null);
    try {
      const done = await sendApi('DELETE', path(held.subjectId));
      setErased(done);
      setConfirm('');
      await lookUp(held.subjectId);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <form className="card stack" onSubmit={submit} data-testid="subject-lookup">
        <h2>Look up a data subject</h2>
        <p className="muted small">
          The subject id is the opaque id your services send as <code>subjectId</code> (SDK, REST) or{' '}
          <code>enduser.id</code> / <code>vigil.subject_id</code> (OpenTelemetry). Each lookup is recorded in the audit
          trail.
        </p>
        <div className="subject-search">
          <input
            aria-label="Subject id"
            placeholder="e.g. cust-48213"
            value={typed}
            maxLength={128}
            onChange={(e) => setTyped(e.target.value)}
            data-testid="subject-id"
          />
          <button type="submit" disabled={isBusy || !typed.trim() || !mayManage} data-testid="subject-search">
            Look up
          </button>
        </div>
        {!mayManage && (
          <p className="notice error" role="note">
            Only InfoSec and Admin may export or erase data subjects.
          </p>
        )}
      </form>
      {problem && (
        <p className="notice error" role="alert" data-testid="subject-problem">
          {problem}
        </p>
      )}
      {erased && (
        <p className="notice ok" role="status" data-testid="subject-erased">
          Erased {erased.events} event{erased.events === 1 ? '' : 's'} and {erased.labels} label
          {erased.labels === 1 ? '' : 's'} ({erased.blocksRewritten} event block
          {erased.blocksRewritten === 1 ? '' : 's'} rewritten) at {formatTime(erased.erasedAt)}; audit entry #
          {erased.auditSeq ?? '—'}.
        </p>
      )}
      {held && <SubjectHeld held={held} />}
      {held && held.counts.events + held.counts.labels > 0 && (
        <div className="card stack subject-erase" data-testid="subject-erase">
          <h2>Erase</h2>
          <p className="small">
            Removes the {held.counts.events} events and {held.counts.labels} labels from the store and its files.
            Rollups and model profiles are kept: they hold no subject. This cannot be undone.
          </p>
          <label className="small">
            <span>
              Type <code>{held.subjectId}</code> to confirm
            </span>
            <input
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              data-testid="subject-confirm"
              autoComplete="off"
            />
          </label>
          <div>
            <button
              type="button"
              className="danger-button"
              disabled={isBusy || confirm !== held.subjectId}
              onClick={() => void erase()}
              data-testid="subject-erase-button"
            >
              Erase this subject
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function SubjectHeld({ held }: { held: SubjectExport }) {
  const download = `/api/v1/subjects/${encodeURIComponent(held.subjectId)}?download=true`;
  return (
    <div className="card stack" data-testid="subject-held">
      <div className="page-head">
        <h2>
          Held for <code>{held.subjectId}</code>
        </h2>
        <a className="button-link" href={download} download data-testid="subject-download">
          Download export (JSON)
        </a>
      </div>
      <div className="tiles">
        <div className="tile">
          <div className="tile-label">Events</div>
          <div className="tile-value" data-testid="subject-events">
            {held.counts.events}
          </div>
        </div>
        <div className="tile">
          <div className="tile-label">Labels</div>
          <div className="tile-value" data-testid="subject-labels">
            {held.counts.labels}
          </div>
        </div>
      </div>
      <p className="small" data-testid="subject-models">
        Models: {held.counts.models.join(', ') || '—'}
      </p>
      {held.isTruncated && (
        <p className="notice error">More than 50,000 items are held: the export lists the first 50,000 of each.</p>
      )}
      {held.events.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="subject-sample">
            <caption className="muted small">
              Newest {Math.min(SAMPLE, held.events.length)} of {held.counts.events} events
            </caption>
            <thead>
              <tr>
                <th>Time</th>
                <th>Model</th>
                <th>Endpoint</th>
                <th>Request id</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {held.events
                .slice(-SAMPLE)
                .reverse()
                .map((e) => (
                  <tr key={`${e.model}/${e.requestId}/${e.timestamp}`}>
                    <td>{formatTime(e.timestamp)}</td>
                    <td>{e.model}</td>
                    <td>{e.endpoint ?? '—'}</td>
                    <td className="wrap">{e.requestId}</td>
                    <td>{e.status}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {held.labels.length > 0 && (
        <p className="small">
          Labels:{' '}
          {held.labels
            .slice(0, SAMPLE)
            .map((l) => `${l.model}/${l.requestId} = ${JSON.stringify(l.label)}`)
            .join('; ')}
          {held.labels.length > SAMPLE ? ' …' : ''}
        </p>
      )}
      {held.counts.events + held.counts.labels === 0 && (
        <p className="state empty" data-testid="subject-nothing">
          Nothing is held for this subject.
        </p>
      )}
      {held.previousErasures.length > 0 && (
        <p className="small" data-testid="subject-previous">
          Erased before:{' '}
          {held.previousErasures
            .map((e) => `${formatTime(e.at)} by ${e.actor} (${e.events} events, ${e.labels} labels)`)
            .join('; ')}
        </p>
      )}
      <details className="small">
        <summary>Kept without a subject (not exported, not erased)</summary>
        <ul>
          {held.notHeld.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
