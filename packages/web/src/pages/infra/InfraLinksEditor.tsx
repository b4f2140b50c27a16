import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { InfraLink, InfraLinkList, InfraResource, ModelList } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { StateView } from '../../components/StateView.js';
import { usePermissions } from '../settings/SettingsNav.js';

const FIELDS = [
  ['namespace', 'Namespace'],
  ['pod', 'Pod'],
  ['container', 'Container'],
  ['host', 'Host'],
  ['service', 'Service'],
] as const;
type Field = (typeof FIELDS)[number][0];
type Draft = Record<Field, string> & { model: string };
const EMPTY: Draft = { namespace: '', pod: '', container: '', host: '', service: '', model: '' };

const describe = (link: InfraLink) =>
  FIELDS.filter(([f]) => link.match[f] !== undefined)
    .map(([f, label]) => `${label.toLowerCase()} ${link.match[f]}`)
    .join(', ');

/**
 * A starting point for linking an unlinked resource: its namespace and its pod name up to the last two
 * dash-separated parts (a Deployment's pods are `<name>-<replicaset hash>-<pod hash>`) with `*`, else its host.
 */
export function draftFor(r: InfraResource): Draft {
  const pod = r.pod?.split('-');
  return {
    ...EMPTY,
    namespace: r.namespace ?? '',
    pod: pod && pod.length > 2 ? `${pod.slice(0, -2).join('-')}-*` : (r.pod ?? ''),
    host: r.pod ? '' : (r.host ?? ''),
    service: r.pod || r.host ? '' : (r.service ?? ''),
  };
}

/**
 * The links from hosts, pods and services to the models they serve (PUT /api/v1/infra/links replaces the list):
 * listed in order with Remove, and a form to add one. `seed` prefills the form from a resource's row.
 */
export function InfraLinksEditor(props: { seed: Draft | null; onChanged: () => void }) {
  const canEdit = usePermissions().includes('infra.manage');
  const [reload, setReload] = useState(0);
  const links = useApi<InfraLinkList>('/api/v1/infra/links', {}, reload);
  const models = useApi<ModelList>('/api/v1/models', { window: '24h' });
  const [draft, setDraft] = useState<Draft>(props.seed ?? EMPTY);
  const [seed, setSeed] = useState(props.seed);
  if (props.seed !== seed) {
    setSeed(props.seed);
    if (props.seed) setDraft(props.seed);
  }
  const modelInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!props.seed) return;
    modelInput.current?.scrollIntoView({ block: 'center' });
    modelInput.current?.focus();
  }, [props.seed]);
  const saved = () => {
    setReload((n) => n + 1);
    setDraft(EMPTY);
    props.onChanged();
  };
  const { problem, isSaving, submit } = useSaveForm(saved);
  const current = links.status === 'ok' ? links.data.links : [];
  const save = (next: InfraLink[]) => submit(() => sendApi('PUT', '/api/v1/infra/links', { links: next }));

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const match: InfraLink['match'] = {};
    for (const [f] of FIELDS) if (draft[f].trim() !== '') match[f] = draft[f].trim();
    await save([...current, { match, model: draft.model.trim() }]);
  };

  return (
    <section className="card stack" data-testid="infra-links">
      <h2>Links to models</h2>
      <p className="muted small">
        A resource serves a model when it sends a <code>vigil.model</code> attribute, else when a link below matches all
        its attributes (the first one wins; a trailing <code>*</code> matches any suffix), else when its service name is
        a model&apos;s name. Linked resources show beside the model and answer model-scoped infra rules.
      </p>
      <StateView state={links} label="links">
        {(data) =>
          data.links.length === 0 ? (
            <p className="state empty">No links yet.</p>
          ) : (
            <table className="data-table responsive" data-testid="infra-link-table">
              <thead>
                <tr>
                  <th>Resources with</th>
                  <th>Serve model</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.links.map((link, i) => (
                  <tr key={i} data-testid="infra-link-row">
                    <td data-label="Resources with">{describe(link)}</td>
                    <td data-label="Serve model">{link.model}</td>
                    <td>
                      {canEdit && (
                        <button
                          type="button"
                          disabled={isSaving}
                          onClick={() => void save(data.links.filter((_, j) => j !== i))}
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </StateView>
      {!canEdit && <p className="muted small">Your role reads the links; DevOps and admins edit them.</p>}
      {canEdit && (
        <form className="stack" onSubmit={add} data-testid="infra-link-form">
          <div className="form-grid">
            {FIELDS.map(([f, label]) => (
              <FormField key={f} label={label} hint="optional">
                <input
                  value={draft[f]}
                  onChange={(e) => setDraft((d) => ({ ...d, [f]: e.target.value }))}
                  placeholder={f === 'pod' ? 'recommender-*' : ''}
                  data-testid={`infra-link-${f}`}
                />
              </FormField>
            ))}
            <FormField label="Model">
              <input
                ref={modelInput}
                list="infra-link-models"
                value={draft.model}
                onChange={(e) => setDraft((d) => ({ ...d, model: e.target.value }))}
                required
                data-testid="infra-link-model"
              />
              <datalist id="infra-link-models">
                {models.status === 'ok' && models.data.models.map((m) => <option key={m.model} value={m.model} />)}
              </datalist>
            </FormField>
          </div>
          <FormProblem text={problem?.message ?? null} testId="infra-link-problem" />
          <FormActions label="Add link" isSaving={isSaving} testId="infra-link-save" />
        </form>
      )}
    </section>
  );
}
