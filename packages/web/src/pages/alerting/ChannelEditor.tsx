import { useState, type FormEvent } from 'react';
import type { Channel, ChannelKind } from '@vigil/protocol';
import { CHANNEL_KINDS } from '../../api/alerting-api.js';
import { sendApi } from '../../api/api-client.js';
import { FormActions, FormField, FormProblem } from '../../components/alerting/FormField.js';
import { findUnreadable, problemAt, problemElsewhere } from '../../components/forms/form-problem.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { formFromChannel, settingsFromForm, shownSecret, type ChannelForm } from './channel-form.js';

const KIND_LABELS: Record<ChannelKind, string> = {
  slack: 'Slack (incoming webhook)',
  teams: 'Microsoft Teams (Workflows webhook)',
  pagerduty: 'PagerDuty (Events API v2)',
  email: 'E-mail (SMTP)',
  webhook: 'Webhook (Alertmanager format)',
  inbox: 'Inbox (kept in Vigil, listed per team on the Inbox page)',
};
/** The settings each kind's form has a field for; a problem elsewhere (e.g. retry) shows below the form. */
const SHOWN: Record<ChannelKind, string[]> = {
  slack: ['webhookUrl'],
  teams: ['webhookUrl'],
  pagerduty: ['routingKey', 'eventsUrl', 'source'],
  email: ['host', 'port', 'auth.user', 'auth.pass', 'from', 'to'],
  webhook: ['url', 'headers', 'maxAlerts'],
  inbox: [],
};

/** Create (POST) or replace (PUT /api/v1/channels/:id) a channel; secrets left empty while editing are kept. */
export function ChannelEditor({
  channel,
  onSaved,
  onCancel,
}: {
  channel: Channel | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState<ChannelForm>(formFromChannel(channel));
  const { problem, isSaving, submit } = useSaveForm(onSaved);
  const set =
    <K extends keyof ChannelForm>(k: K) =>
    (v: ChannelForm[K]) =>
      setF((x) => ({ ...x, [k]: v }));
  const at = (key: string) => problemAt(problem, `settings.${key}`);
  /** Placeholder of a secret field: what is stored (redacted), or an example. */
  const secretHint = (key: 'webhookUrl' | 'routingKey' | 'url' | 'pass', example: string) => {
    const shown = shownSecret(channel, f.kind, key);
    return shown ? `stored ${shown}; type to replace` : example;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body: Channel = {
      id: f.id.trim(),
      name: f.name.trim(),
      kind: f.kind,
      settings: settingsFromForm(f, channel),
    };
    await submit(
      () =>
        channel
          ? sendApi('PUT', `/api/v1/channels/${encodeURIComponent(channel.id)}`, body)
          : sendApi('POST', '/api/v1/channels', body),
      findUnreadable({
        'settings.port': body.settings.port as number | undefined,
        'settings.maxAlerts': body.settings.maxAlerts as number | undefined,
      }),
    );
  };

  return (
    <form className="card stack" onSubmit={save} data-testid="channel-editor" style={{ marginBottom: 16 }}>
      <h2>{channel ? `Edit ${channel.name}` : 'New channel'}</h2>
      <div className="form-grid">
        <FormField label="Id" hint="teams refer to it" problem={problemAt(problem, 'id')}>
          <input
            value={f.id}
            onChange={(e) => set('id')(e.target.value)}
            disabled={channel !== null}
            required
            data-testid="channel-id"
          />
        </FormField>
        <FormField label="Name" problem={problemAt(problem, 'name')}>
          <input value={f.name} onChange={(e) => set('name')(e.target.value)} required data-testid="channel-name" />
        </FormField>
        <FormField label="Kind" problem={problemAt(problem, 'kind')}>
          <select
            value={f.kind}
            onChange={(e) => set('kind')(e.target.value as ChannelKind)}
            data-testid="channel-kind"
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <div className="form-grid" data-testid="channel-settings">
        {(f.kind === 'slack' || f.kind === 'teams') && (
          <FormField label="Webhook URL" hint="secret" wide problem={at('webhookUrl')}>
            <input
              value={f.webhookUrl}
              onChange={(e) => set('webhookUrl')(e.target.value)}
              placeholder={secretHint('webhookUrl', 'https://…')}
              autoComplete="off"
              data-testid="channel-webhook-url"
            />
          </FormField>
        )}
        {f.kind === 'pagerduty' && (
          <>
            <FormField label="Routing key" hint="secret; the integration key" problem={at('routingKey')}>
              <input
                value={f.routingKey}
                onChange={(e) => set('routingKey')(e.target.value)}
                placeholder={secretHint('routingKey', '32 characters')}
                autoComplete="off"
                data-testid="channel-routing-key"
              />
            </FormField>
            <FormField label="Events URL" hint="empty: events.pagerduty.com" problem={at('eventsUrl')}>
              <input value={f.eventsUrl} onChange={(e) => set('eventsUrl')(e.target.value)} />
            </FormField>
            <FormField label="Source" hint="empty: the model, or vigil" problem={at('source')}>
              <input value={f.source} onChange={(e) => set('source')(e.target.value)} />
            </FormField>
          </>
        )}
        {f.kind === 'email' && (
          <>
            <FormField label="SMTP host" problem={at('host')}>
              <input value={f.host} onChange={(e) => set('host')(e.target.value)} data-testid="channel-host" />
            </FormField>
            <FormField label="Port" problem={at('port')}>
              <input
                value={f.port}
                onChange={(e) => set('port')(e.target.value)}
                inputMode="numeric"
                data-testid="channel-port"
              />
            </FormField>
            <FormField label="User" hint="optional" problem={at('auth.user')}>
              <input value={f.user} onChange={(e) => set('user')(e.target.value)} autoComplete="off" />
            </FormField>
            <FormField label="Password" hint="secret" problem={at('auth.pass')}>
              <input
                type="password"
                value={f.pass}
                onChange={(e) => set('pass')(e.target.value)}
                placeholder={secretHint('pass', '')}
                autoComplete="new-password"
              />
            </FormField>
            <FormField label="From" problem={at('from')}>
              <input
                value={f.from}
                onChange={(e) => set('from')(e.target.value)}
                placeholder="vigil@example.com"
                data-testid="channel-from"
              />
            </FormField>
            <FormField label="To" hint="comma-separated" problem={at('to')}>
              <input value={f.to} onChange={(e) => set('to')(e.target.value)} data-testid="channel-to" />
            </FormField>
            <label className="check">
              <input type="checkbox" checked={f.secure} onChange={(e) => set('secure')(e.target.checked)} /> TLS from
              the start (port 465)
            </label>
            <label className="check">
              <input type="checkbox" checked={f.requireTls} onChange={(e) => set('requireTls')(e.target.checked)} />{' '}
              Require STARTTLS
            </label>
          </>
        )}
        {f.kind === 'webhook' && (
          <>
            <FormField label="URL" hint="secret" wide problem={at('url')}>
              <input
                value={f.url}
                onChange={(e) => set('url')(e.target.value)}
                placeholder={secretHint('url', 'https://…')}
                autoComplete="off"
                data-testid="channel-url"
              />
            </FormField>
            <FormField
              label="Headers"
              hint="one per line, Name: value; values are secret (… keeps the stored one)"
              wide
              problem={at('headers')}
            >
              <textarea
                value={f.headers}
                onChange={(e) => set('headers')(e.target.value)}
                placeholder="Authorization: Bearer …"
              />
            </FormField>
            <FormField label="Max alerts per message" hint="empty: all" problem={at('maxAlerts')}>
              <input value={f.maxAlerts} onChange={(e) => set('maxAlerts')(e.target.value)} inputMode="numeric" />
            </FormField>
          </>
        )}
      </div>
      <FormProblem
        text={problemElsewhere(problem, ['id', 'name', 'kind', ...SHOWN[f.kind].map((k) => `settings.${k}`)])}
        testId="channel-problem"
      />
      <FormActions
        label={channel ? 'Save channel' : 'Create channel'}
        isSaving={isSaving}
        testId="channel-save"
        onCancel={onCancel}
      />
    </form>
  );
}
