import { useState, type FormEvent } from 'react';
import type { AuditRecord, AuditTrailList, AuditVerifyResult } from '@vigil/protocol';
import { fetchApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { FormField } from '../../components/alerting/FormField.js';
import { StateView } from '../../components/StateView.js';
import { formatTime } from '../../format/format-time.js';

interface Filter {
  actor: string;
  action: string;
  from: string;
  to: string;
  limit: number;
}
const EMPTY: Filter = { actor: '', action: '', from: '', to: '', limit: 200 };

/** A `datetime-local` value (the viewer's zone) as the ISO instant the API takes; '' stays unset. */
const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

function Change({ e }: { e: AuditRecord }) {
  if (e.before == null && e.after == null) return <span className="muted">—</span>;
  return (
    <details className="audit-change" data-testid="audit-change">
      <summary>{e.before == null ? 'after' : e.after == null ? 'before' : 'before → after'}</summary>
      {e.before != null && (
        <>
          <div className="muted small">before</div>
          <pre>{JSON.stringify(e.before, null, 2)}</pre>
        </>
      )}
      {e.after != null && (
        <>
          <div className="muted small">after</div>
          <pre>{JSON.stringify(e.after, null, 2)}</pre>
        </>
      )}
    </details>
  );
}

/**
 * `/settings/audit`: the hash-chained audit trail, newest first, filtered by actor, action and time; each entry's
 * outcome, address and before/after; a chain verification on demand and the JSON Lines download for a SIEM.
 */
export function AuditPage() {
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [verdict, setVerdict] = useState<{ text: string; ok: boolean } | null>(null);
  const [isVerifying, setIsVerifying] = useState(false);
  const state = useApi<AuditTrailList>('/api/v1/audit', {
    actor: filter.actor.trim() || undefined,
    action: filter.action.trim() || undefined,
    from: toIso(filter.from),
    to: toIso(filter.to),
    limit: filter.limit,
  });
  const set = (k: 'actor' | 'action' | 'from' | 'to') => (e: { target: { value: string } }) =>
    setDraft((x) => ({ ...x, [k]: e.target.value }));

  const verify = async () => {
    setIsVerifying(true);
    try {
      const v = await fetchApi<AuditVerifyResult>('/api/v1/audit/verify');
      setVerdict(
        v.isIntact
          ? { text: `Chain intact: ${v.checked.toLocaleString('en-US')} entries checked.`, ok: true }
          : {
              text: `Chain BROKEN at entry ${v.firstBad!.seq}: ${v.firstBad!.reason} (${v.checked.toLocaleString('en-US')} entries before it verified).`,
              ok: false,
            },
      );
    } catch (err) {
      setVerdict({ text: `Could not verify: ${err instanceof Error ? err.message : String(err)}`, ok: false });
    } finally {
      setIsVerifying(false);
    }
  };

  return (
    <section className="page" data-testid="audit-page">
      <div className="page-head">
        <h1>Audit trail</h1>
        <div className="actions">
          <button type="button" onClick={() => void verify()} disabled={isVerifying} data-testid="audit-verify">
            {isVerifying ? 'Verifying…' : 'Verify chain'}
          </button>
          <a
            className="button-link"
            href="/api/v1/audit/export"
            download="vigil-audit.jsonl"
            data-testid="audit-download"
          >
            Download JSON Lines
          </a>
        </div>
      </div>
      <p className="muted small">
        Logins, changes to people, keys and configuration, approvals, sign-offs, incident actions and exports. Each
        entry is chained to the one before by a SHA-256 hash, so an edit, a deletion or a reordering shows when the
        chain is verified. The download holds every entry, oldest first.
      </p>
      {verdict && (
        <p className={`notice ${verdict.ok ? 'ok' : 'error'}`} role="status" data-testid="audit-verdict">
          {verdict.text}
        </p>
      )}
      <form
        className="card form-grid"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setFilter(draft);
        }}
        data-testid="audit-filter"
      >
        <FormField label="Actor" hint="e.g. user:ana, key:ci">
          <input value={draft.actor} onChange={set('actor')} data-testid="audit-actor" />
        </FormField>
        <FormField label="Action" hint="e.g. login_failed, key.rotated">
          <input value={draft.action} onChange={set('action')} data-testid="audit-action" />
        </FormField>
        <FormField label="From">
          <input type="datetime-local" value={draft.from} onChange={set('from')} data-testid="audit-from" />
        </FormField>
        <FormField label="To">
          <input type="datetime-local" value={draft.to} onChange={set('to')} data-testid="audit-to" />
        </FormField>
        <FormField label="Show">
          <select
            value={draft.limit}
            onChange={(e) => setDraft((x) => ({ ...x, limit: Number(e.target.value) }))}
            data-testid="audit-limit"
          >
            {[50, 200, 1000].map((n) => (
              <option key={n} value={n}>
                newest {n}
              </option>
            ))}
          </select>
        </FormField>
        <div className="actions">
          <button type="submit" className="primary-button" data-testid="audit-apply">
            Apply
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setFilter(EMPTY);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <StateView state={state} label="the audit trail">
        {({ entries }) =>
          entries.length === 0 ? (
            <p className="state empty" data-testid="audit-empty">
              No entries match.
            </p>
          ) : (
            <table className="data-table responsive" data-testid="audit-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>When</th>
                  <th>Actor</th>
                  <th>Action</th>
                  <th>Target</th>
                  <th>Outcome</th>
                  <th>From</th>
                  <th>Change</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.seq} data-testid="audit-row" data-action={e.action}>
                    <td data-label="#" className="num">
                      {e.seq}
                    </td>
                    <td data-label="When">{formatTime(e.at)}</td>
                    <td data-label="Actor" className="wrap">
                      {e.actor}
                    </td>
                    <td data-label="Action" className="wrap">
                      {e.action}
                    </td>
                    <td data-label="Target" className="wrap">
                      {e.target ?? '—'}
                    </td>
                    <td data-label="Outcome">
                      <span className={`badge ${e.outcome === 'success' ? 'healthy' : 'alerting'}`}>{e.outcome}</span>
                    </td>
                    <td data-label="From">{e.sourceIp ?? '—'}</td>
                    <td data-label="Change">
                      <Change e={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </StateView>
    </section>
  );
}
