import { useState, type FormEvent } from 'react';
import type { Incident } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';

/** Acknowledge, comment and resolve (cause + false-positive verdict); each reloads the incident after. */
export function IncidentActions({ incident: i, onChanged }: { incident: Incident; onChanged: () => void }) {
  const base = `/api/v1/incidents/${encodeURIComponent(i.id)}` as const;
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [cause, setCause] = useState(i.cause ?? '');
  const [isFalsePositive, setIsFalsePositive] = useState(i.isFalsePositive);

  const run = async (what: string, fn: () => Promise<unknown>, after?: () => void) => {
    setBusy(what);
    setProblem(null);
    try {
      await fn();
      after?.();
      onChanged();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  const acknowledge = () => run('ack', () => sendApi('POST', `${base}/acknowledge`));
  const addComment = (e: FormEvent) => {
    e.preventDefault();
    if (comment.trim())
      void run(
        'comment',
        () => sendApi('POST', `${base}/comments`, { text: comment.trim() }),
        () => setComment(''),
      );
  };
  const resolve = (e: FormEvent) => {
    e.preventDefault();
    if (cause.trim())
      void run('resolve', () =>
        sendApi('POST', `${base}/resolve`, { cause: cause.trim(), falsePositive: isFalsePositive }),
      );
  };
  const isResolved = i.status === 'resolved';

  return (
    <section className="card stack" data-testid="incident-actions">
      {problem && (
        <p className="notice error" role="alert" data-testid="incident-action-error">
          {problem}
        </p>
      )}
      {i.status === 'open' && (
        <div className="actions">
          <button
            type="button"
            className="primary-button"
            onClick={acknowledge}
            disabled={busy !== null}
            data-testid="acknowledge"
          >
            {busy === 'ack' ? 'Acknowledging…' : 'Acknowledge'}
          </button>
          <span className="muted small">Stops escalation to the next level.</span>
        </div>
      )}
      <form onSubmit={resolve} className="stack" data-testid="resolve-form">
        <h2>{isResolved ? 'Cause' : 'Resolve'}</h2>
        <label className="field">
          <span>
            Cause{' '}
            {isResolved && i.resolvedBy === 'system' && !i.cause ? (
              <span className="hint">· the alerts resolved by themselves; record what happened</span>
            ) : null}
          </span>
          <textarea
            value={cause}
            onChange={(e) => setCause(e.target.value)}
            required
            data-testid="resolve-cause"
            placeholder="What caused it, what fixed it"
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={isFalsePositive}
            onChange={(e) => setIsFalsePositive(e.target.checked)}
            data-testid="resolve-false-positive"
          />{' '}
          The alert was a false positive (nothing needed fixing)
        </label>
        <div className="actions">
          <button
            type="submit"
            className={isResolved ? '' : 'primary-button'}
            disabled={busy !== null || !cause.trim()}
            data-testid="resolve"
          >
            {busy === 'resolve' ? 'Saving…' : isResolved ? 'Save cause' : 'Resolve incident'}
          </button>
        </div>
      </form>
      <form onSubmit={addComment} className="stack" data-testid="comment-form">
        <label className="field">
          <span>Comment</span>
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} data-testid="comment-text" />
        </label>
        <div className="actions">
          <button type="submit" disabled={busy !== null || !comment.trim()} data-testid="comment-submit">
            {busy === 'comment' ? 'Adding…' : 'Add comment'}
          </button>
        </div>
      </form>
    </section>
  );
}
