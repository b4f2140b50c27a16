// The channel form's text fields ↔ a channel's settings (docs/alerting.md "Channel settings"). Secrets come
// redacted from GET; a secret left empty while editing is sent back redacted, and the server keeps the stored one.
import type { Channel, ChannelKind } from '@vigil/protocol';

export interface ChannelForm {
  id: string;
  name: string;
  kind: ChannelKind;
  webhookUrl: string;
  routingKey: string;
  eventsUrl: string;
  source: string;
  host: string;
  port: string;
  secure: boolean;
  requireTls: boolean;
  user: string;
  pass: string;
  from: string;
  to: string;
  url: string;
  headers: string;
  maxAlerts: string;
}

/** The settings each kind's form writes; others a stored channel has (retry, ignoreTls) are kept as they are. */
const OWN_KEYS: Record<ChannelKind, string[]> = {
  slack: ['webhookUrl'],
  teams: ['webhookUrl'],
  pagerduty: ['routingKey', 'eventsUrl', 'source'],
  email: ['host', 'port', 'secure', 'requireTls', 'auth', 'from', 'to'],
  webhook: ['url', 'headers', 'maxAlerts'],
  inbox: [],
};
/** Secret settings as GET shows them: the placeholder while editing. */
export const SECRET_KEYS = ['webhookUrl', 'routingKey', 'url', 'pass'] as const;

/** "Authorization: Bearer x" → ["Authorization", "Bearer x"]. */
const parseHeader = (line: string): [string, string] => {
  const i = line.indexOf(':');
  return i < 0 ? [line, ''] : [line.slice(0, i).trim(), line.slice(i + 1).trim()];
};
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A form for a stored channel (secret fields empty) or a new one. */
export function formFromChannel(c: Channel | null): ChannelForm {
  const s = c?.settings ?? {};
  const auth = (s.auth ?? {}) as { user?: string };
  const headers = (s.headers ?? {}) as Record<string, string>;
  return {
    id: c?.id ?? '',
    name: c?.name ?? '',
    kind: c?.kind ?? 'slack',
    webhookUrl: '',
    routingKey: '',
    eventsUrl: text(s.eventsUrl),
    source: text(s.source),
    host: text(s.host),
    port: text(s.port ?? 587),
    secure: s.secure === true,
    requireTls: s.requireTls === true,
    user: text(auth.user),
    pass: '',
    from: text(s.from),
    to: Array.isArray(s.to) ? s.to.join(', ') : '',
    url: '',
    headers: Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    maxAlerts: text(s.maxAlerts),
  };
}

/** The redacted value GET showed for a secret of the stored channel (same kind), or undefined. */
export function shownSecret(
  stored: Channel | null,
  kind: ChannelKind,
  key: (typeof SECRET_KEYS)[number],
): string | undefined {
  if (!stored || stored.kind !== kind) return undefined;
  const v = key === 'pass' ? (stored.settings.auth as { pass?: unknown } | undefined)?.pass : stored.settings[key];
  return typeof v === 'string' ? v : undefined;
}

/** Settings for the API: typed values, empty optional fields left out, an untouched secret sent back redacted. */
export function settingsFromForm(f: ChannelForm, stored: Channel | null): Record<string, unknown> {
  const secret = (key: (typeof SECRET_KEYS)[number], typed: string) => typed.trim() || shownSecret(stored, f.kind, key);
  const kept =
    stored?.kind === f.kind
      ? Object.fromEntries(Object.entries(stored.settings).filter(([k]) => !OWN_KEYS[f.kind].includes(k)))
      : {};
  const own: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== '') own[k] = v;
  };
  switch (f.kind) {
    case 'slack':
    case 'teams':
      put('webhookUrl', secret('webhookUrl', f.webhookUrl));
      break;
    case 'pagerduty':
      put('routingKey', secret('routingKey', f.routingKey));
      put('eventsUrl', f.eventsUrl.trim());
      put('source', f.source.trim());
      break;
    case 'email': {
      put('host', f.host.trim());
      put('port', f.port.trim() === '' ? undefined : Number(f.port));
      if (f.secure) own.secure = true;
      if (f.requireTls) own.requireTls = true;
      const pass = secret('pass', f.pass);
      if (f.user.trim() || pass) own.auth = { user: f.user.trim(), pass: pass ?? '' };
      put('from', f.from.trim());
      own.to = f.to
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      break;
    }
    case 'webhook': {
      put('url', secret('url', f.url));
      const lines = f.headers
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (lines.length) own.headers = Object.fromEntries(lines.map(parseHeader));
      put('maxAlerts', f.maxAlerts.trim() === '' ? undefined : Number(f.maxAlerts));
      break;
    }
    case 'inbox':
      break;
  }
  return { ...kept, ...own };
}

/** Where a channel delivers, from its redacted settings: "…/abcd", "ops@example.com via smtp.example.com:587". */
export function describeTarget(c: Channel): string {
  const s = c.settings;
  switch (c.kind) {
    case 'slack':
    case 'teams':
      return `webhook ${text(s.webhookUrl)}`;
    case 'pagerduty':
      return `routing key ${text(s.routingKey)}${s.eventsUrl ? ` at ${text(s.eventsUrl)}` : ''}`;
    case 'email':
      return `${Array.isArray(s.to) ? s.to.join(', ') : ''} from ${text(s.from)} via ${text(s.host)}:${text(s.port)}`;
    case 'webhook':
      return `POST ${text(s.url)}${s.headers ? ` with ${Object.keys(s.headers).join(', ')}` : ''}`;
    case 'inbox':
      return 'kept in Vigil (the Inbox page)';
  }
}
