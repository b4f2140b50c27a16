import { useState, useSyncExternalStore } from 'react';
import type { PiiPolicy, PiiPolicyList, PiiPolicyView, UseCaseList } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { readSession, subscribeSession } from '../../api/session-store.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { Time } from '../../components/Time.js';
import { PiiPolicyEditor } from './PiiPolicyEditor.js';
import { PrivacyTabs } from './PrivacyTabs.js';
import { summariseFields, summarisePolicy } from './pii-policy-format.js';

/** Which policy is being edited: the default, a use case's, or none. */
type Editing = { useCase: string | null; policy: PiiPolicy } | null;

/**
 * Privacy → Personal data: the default policy and each use case's (GET /api/v1/privacy/pii-policies); InfoSec and
 * Admin edit them (permission privacy.manage), everyone else reads.
 */
export function PiiPolicyPage() {
  const session = useSyncExternalStore(subscribeSession, readSession);
  const canEdit = session?.principal.permissions.includes('privacy.manage') === true;
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<Editing>(null);
  const policies = useApi<PiiPolicyList>('/api/v1/privacy/pii-policies', {}, reload);
  const useCases = useApi<UseCaseList>('/api/v1/use-cases', {}, reload);
  const done = (saved: boolean) => {
    setEditing(null);
    if (saved) setReload((n) => n + 1);
  };
  return (
    <section className="page privacy-page" data-testid="pii-policy-page">
      <div className="page-head">
        <h1>Privacy</h1>
      </div>
      <PrivacyTabs active="/privacy/personal-data" />
      <p className="muted">
        Personal data in events is found before they are stored — in feature values, tag values and LLM prompt and
        response text — and masked, replaced by a token, hashed with a key only this server holds, or dropped. A use
        case&apos;s models follow its policy; every other model follows the default (docs/privacy.md).
      </p>
      <StateView state={policies} label="personal-data policies">
        {(data) => (
          <>
            {editing ? (
              <section className="cost-section">
                <h2>{editing.useCase === null ? 'Default policy' : `Policy of ${editing.useCase}`}</h2>
                <PiiPolicyEditor useCase={editing.useCase} initial={editing.policy} onDone={done} />
              </section>
            ) : null}
            <section className="cost-section">
              <div className="cost-section-head">
                <h2>Policies</h2>
              </div>
              <table className="data-table responsive" data-testid="pii-policy-table">
                <thead>
                  <tr>
                    <th>Applies to</th>
                    <th>Actions</th>
                    <th>Looks at</th>
                    <th>Changed</th>
                    {canEdit && <th />}
                  </tr>
                </thead>
                <tbody>
                  <PolicyRow
                    view={data.default}
                    canEdit={canEdit && editing === null}
                    onEdit={() => setEditing({ useCase: null, policy: data.default.policy })}
                  />
                  {data.useCases.map((v) => (
                    <PolicyRow
                      key={v.useCase}
                      view={v}
                      canEdit={canEdit && editing === null}
                      onEdit={() => setEditing({ useCase: v.useCase, policy: v.policy })}
                      onRemove={async () => {
                        await sendApi(
                          'DELETE',
                          `/api/v1/privacy/pii-policies/use-cases/${encodeURIComponent(v.useCase!)}`,
                        );
                        setReload((n) => n + 1);
                      }}
                    />
                  ))}
                </tbody>
              </table>
              {canEdit && editing === null && useCases.status === 'ok' && (
                <AddUseCasePolicy
                  choices={useCases.data.useCases
                    .filter((u) => !data.useCases.some((v) => v.useCase === u.id))
                    .map((u) => ({ id: u.id, name: u.name }))}
                  onAdd={(id) => setEditing({ useCase: id, policy: data.default.policy })}
                />
              )}
              {!canEdit && <p className="small muted">InfoSec and Admin change these policies.</p>}
            </section>
          </>
        )}
      </StateView>
    </section>
  );
}

function PolicyRow({
  view,
  canEdit,
  onEdit,
  onRemove,
}: {
  view: PiiPolicyView;
  canEdit: boolean;
  onEdit: () => void;
  onRemove?: () => void;
}) {
  return (
    <tr data-testid="pii-policy-row" data-use-case={view.useCase ?? 'default'}>
      <td data-label="Applies to">
        {view.useCase === null ? (
          <strong>Default{view.isBuiltIn ? ' (built in)' : ''}</strong>
        ) : (
          <>
            <strong>{view.useCaseName ?? view.useCase}</strong>
            <div className="small muted">{view.models.length ? view.models.join(', ') : 'no models yet'}</div>
          </>
        )}
      </td>
      <td data-label="Actions" data-testid="pii-policy-actions">
        {summarisePolicy(view.policy)}
      </td>
      <td data-label="Looks at" className="small">
        {summariseFields(view.policy)}
      </td>
      <td data-label="Changed" className="small">
        {view.updatedAt ? (
          <>
            <Time value={view.updatedAt} /> {view.updatedBy ? `by ${view.updatedBy}` : ''}
          </>
        ) : (
          'never'
        )}
      </td>
      {canEdit && (
        <td>
          <button type="button" onClick={onEdit} data-testid="pii-edit">
            Edit
          </button>{' '}
          {onRemove && (
            <button type="button" onClick={onRemove}>
              Remove
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

function AddUseCasePolicy({
  choices,
  onAdd,
}: {
  choices: Array<{ id: string; name: string }>;
  onAdd: (id: string) => void;
}) {
  const [id, setId] = useState('');
  if (choices.length === 0) return <p className="small muted">Every use case has a policy of its own.</p>;
  return (
    <div className="cost-editor-row">
      <select aria-label="Use case" value={id} onChange={(e) => setId(e.target.value)} data-testid="pii-add-use-case">
        <option value="">Choose a use case…</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="button" disabled={!id} onClick={() => onAdd(id)}>
        Add a policy for this use case
      </button>
    </div>
  );
}
