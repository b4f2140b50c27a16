import { useState, type FormEvent } from 'react';
import type { ApiKeyCreated, ApiKeyInput, ApiKeyList, ApiKeyView, KeyScope } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { StateView } from '../../components/StateView.js';
import { formatTime } from '../../format/format-time.js';
import { SCOPE_LABELS, splitList } from './identity-labels.js';

/** Rotation grace periods offered: how long the old secret keeps working so senders can switch. */
const GRACE_OPTIONS = [
  { minutes: 0, label: 'no grace: the old key stops now' },
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 1440, label: '1 day' },
  { minutes: 10_080, label: '7 days' },
];

/** A key's state at `nowMs`: revoked, expired, ending (an expiry ahead) or active. */
export function keyStatus(k: ApiKeyView, nowMs: number): { label: string; cls: string } {
  if (k.revokedAt) return { label: 'revoked', cls: 'idle' };
  if (k.expiresAt && Date.parse(k.expiresAt) <= nowMs) return { label: 'expired', cls: 'idle' };
  // An expiry within a week (a rotation's grace, a key about to lapse) is worth a second look.
  if (k.expiresAt)
    return {
      label: `active until ${formatTime(k.expiresAt)}`,
      cls: Date.parse(k.expiresAt) - nowMs < 7 * 86_400_000 ? 'degraded' : 'healthy',
    };
  return { label: 'active', cls: 'healthy' };
}

function KeyForm({ onCreated, onCancel }: { onCreated: (c: ApiKeyCreated) => void; onCancel: () => void }) {
  const [f, setF] = useState({ name: '', scope: 'ingest' as KeyScope, models: '', useCases: '', days: '' });
  // The answer carries the secret: handed up as it arrives (the form closes), never kept here.
  const { problem, isSaving, submit } = useSaveForm(() => undefined);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body: ApiKeyInput = { name: f.name.trim(), scope: f.scope };
    if (f.scope === 'ingest') {
      body.models = splitList(f.models);
      body.useCases = splitList(f.useCases);
    }
    if (f.days.trim()) body.expiresInDays = Number(f.days);
    await submit(async () => onCreated(await sendApi('POST', '/api/v1/keys', body)));
  };
  return (
    <form className="card stack" onSubmit={save} data-testid="key-form">
      <h2>Create an API key</h2>
      <div className="form-grid">
        <FormField label="Name" problem={problemAt(problem, 'name')}>
          <input
            value={f.name}
            onChange={set('name')}
            required
            data-testid="key-name"
            placeholder="fraud-scorer-prod"
          />
        </FormField>
        <FormField label="Scope" problem={problemAt(problem, 'scope')}>
          <select value={f.scope} onChange={set('scope')} data-testid="key-scope">
            {(Object.keys(SCOPE_LABELS) as KeyScope[]).map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABELS[s]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Expires in days" hint="empty: never" problem={problemAt(problem, 'expiresInDays')}>
          <input
            type="number"
            min={1}
            max={3650}
            value={f.days}
            onChange={set('days')}
            data-testid="key-expires-days"
          />
        </FormField>
      </div>
      {f.scope === 'ingest' && (
        <div className="form-grid">
          <FormField
            label="Only these models"
            hint="comma-separated; empty: any"
            problem={problemAt(problem, 'models')}
          >
            <input value={f.models} onChange={set('models')} data-testid="key-models" />
          </FormField>
          <FormField
            label="Only these use cases' models"
            hint="comma-separated ids; empty: any"
            problem={problemAt(problem, 'useCases')}
          >
            <input value={f.useCases} onChange={set('useCases')} data-testid="key-use-cases" />
          </FormField>
        </div>
      )}
      <FormProblem
        text={problemElsewhere(problem, ['name', 'scope', 'expiresInDays', 'models', 'useCases'])}
        testId="key-problem"
      />
      <FormActions label="Create key" isSaving={isSaving} testId="key-save" onCancel={onCancel} />
    </form>
  );
}

/** The secret of a key just created or rotated: shown this once, Vigil keeps only its hash. */
function SecretOnce({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <div className="secret-once" role="status" data-testid="key-secret-once">
      <b>Copy the secret of “{created.key.name}” now</b> — it is shown only this once; Vigil keeps only its hash.
      <code data-testid="key-secret">{created.secret}</code>
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(created.secret).then(
              () => setIsCopied(true),
              () => setIsCopied(false),
            )
          }
        >
          {isCopied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDone} data-testid="key-secret-done">
          I have stored it
        </button>
      </div>
    </div>
  );
}

function RotatePanel({
  apiKey,
  onRotated,
  onCancel,
}: {
  apiKey: ApiKeyView;
  onRotated: (c: ApiKeyCreated) => void;
  onCancel: () => void;
}) {
  const [grace, setGrace] = useState(60);
  const { problem, isSaving, submit } = useSaveForm(() => undefined);
  const rotate = async (e: FormEvent) => {
    e.preventDefault();
    await submit(async () =>
      onRotated(await sendApi('POST', `/api/v1/keys/${encodeURIComponent(apiKey.id)}/rotate`, { graceMinutes: grace })),
    );
  };
  return (
    <form className="stack" onSubmit={rotate} data-testid="rotate-panel">
      <FormField label={`Rotate ${apiKey.name}: the old secret keeps working for`} wide>
        <select value={grace} onChange={(e) => setGrace(Number(e.target.value))} data-testid="rotate-grace">
          {GRACE_OPTIONS.map((g) => (
            <option key={g.minutes} value={g.minutes}>
              {g.label}
            </option>
          ))}
        </select>
      </FormField>
      <FormProblem text={problem?.message ?? null} testId="rotate-problem" />
      <FormActions label="Rotate" isSaving={isSaving} testId="rotate-confirm" onCancel={onCancel} />
    </form>
  );
}

/**
 * `/settings/keys`: API keys with scope, limits, expiry, creator and last use (time and address); create (the
 * secret shown once), rotate with a grace period, revoke.
 */
export function ApiKeysPage() {
  const [reload, setReload] = useState(0);
  const [isCreating, setIsCreating] = useState(false);
  const [rotating, setRotating] = useState<string | null>(null);
  const [secret, setSecret] = useState<ApiKeyCreated | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const state = useApi<ApiKeyList>('/api/v1/keys', {}, reload);
  const refresh = () => setReload((n) => n + 1);
  const now = Date.now();

  const revoke = async (k: ApiKeyView) => {
    if (!window.confirm(`Revoke "${k.name}"? Everything using it is refused from now on.`)) return;
    try {
      await sendApi('DELETE', `/api/v1/keys/${encodeURIComponent(k.id)}`);
      setNotice({ text: `${k.name} revoked.`, ok: true });
    } catch (err) {
      setNotice({ text: err instanceof Error ? err.message : String(err), ok: false });
    }
    refresh();
  };

  return (
    <section className="page" data-testid="keys-page">
      <div className="page-head">
        <h1>API keys</h1>
        <button type="button" onClick={() => setIsCreating(true)} data-testid="new-key">
          Create a key
        </button>
      </div>
      <p className="muted small">
        Keys are for automation: ingest (optionally only for listed models or use cases), read, or admin. A secret is
        shown once at creation or rotation; Vigil stores only its hash.
      </p>
      {secret && <SecretOnce created={secret} onDone={() => setSecret(null)} />}
      {isCreating && (
        <KeyForm
          onCancel={() => setIsCreating(false)}
          onCreated={(c) => {
            setIsCreating(false);
            setSecret(c);
            setNotice(null);
            refresh();
          }}
        />
      )}
      {notice && (
        <p className={`notice ${notice.ok ? 'ok' : 'error'}`} role="status" data-testid="keys-notice">
          {notice.text}
        </p>
      )}
      <label className="small">
        <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} /> Show revoked
        and expired keys
      </label>
      <StateView state={state} label="API keys">
        {({ keys }) => {
          const shown = keys.filter(
            (k) => showRevoked || (!k.revokedAt && !(k.expiresAt && Date.parse(k.expiresAt) <= now)),
          );
          return shown.length === 0 ? (
            <p className="state empty">No keys{showRevoked ? '' : ' in use'}.</p>
          ) : (
            <table className="data-table responsive" data-testid="keys-table">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Scope</th>
                  <th>Status</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {shown.map((k) => {
                  const status = keyStatus(k, now);
                  const isLive = status.cls !== 'idle';
                  return [
                    <tr key={k.id} data-testid="key-row" data-key-id={k.id}>
                      <td data-label="Key">
                        <b>{k.name}</b>
                        <div className="muted small">
                          {k.id}
                          {k.rotatedFrom ? ` · replaces ${k.rotatedFrom}` : ''}
                        </div>
                      </td>
                      <td data-label="Scope" data-testid="key-scope-cell">
                        {k.scope}
                        {k.models.length > 0 && <div className="muted small">models: {k.models.join(', ')}</div>}
                        {k.useCases.length > 0 && <div className="muted small">use cases: {k.useCases.join(', ')}</div>}
                      </td>
                      <td data-label="Status">
                        <span className={`badge ${status.cls}`} data-testid="key-status">
                          {status.label}
                        </span>
                      </td>
                      <td data-label="Created">
                        {formatTime(k.createdAt)}
                        {k.createdBy && <div className="muted small">by {k.createdBy}</div>}
                      </td>
                      <td data-label="Last used" data-testid="key-last-used">
                        {k.lastUsedAt ? formatTime(k.lastUsedAt) : 'never'}
                        {k.lastUsedFrom && <div className="muted small">from {k.lastUsedFrom}</div>}
                      </td>
                      <td className="actions">
                        {isLive && (
                          <>
                            <button
                              type="button"
                              onClick={() => setRotating(rotating === k.id ? null : k.id)}
                              data-testid="key-rotate"
                            >
                              Rotate
                            </button>
                            <button
                              type="button"
                              className="danger-button"
                              onClick={() => void revoke(k)}
                              data-testid="key-revoke"
                            >
                              Revoke
                            </button>
                          </>
                        )}
                      </td>
                    </tr>,
                    rotating === k.id && (
                      <tr key={`${k.id}-rotate`} className="inline-edit">
                        <td colSpan={6}>
                          <RotatePanel
                            apiKey={k}
                            onCancel={() => setRotating(null)}
                            onRotated={(c) => {
                              setRotating(null);
                              setSecret(c);
                              refresh();
                            }}
                          />
                        </td>
                      </tr>
                    ),
                  ];
                })}
              </tbody>
            </table>
          );
        }}
      </StateView>
    </section>
  );
}
