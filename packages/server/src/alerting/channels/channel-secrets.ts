import { VigilError } from '../../errors/index.js';
import { checkSmtpHost, checkTarget, type TargetPolicy } from './target-check.js';

/** Secrets in channel settings are shown as "…" plus their last 4 characters. */
export function redactSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const mask = (v: unknown) => (typeof v === 'string' ? `…${v.slice(-4)}` : v);
  const out: Record<string, unknown> = { ...settings };
  for (const k of ['webhookUrl', 'url', 'routingKey']) if (k in out) out[k] = mask(out[k]);
  if (out.auth && typeof out.auth === 'object') out.auth = { ...(out.auth as object), pass: '…' };
  if (out.headers && typeof out.headers === 'object')
    out.headers = Object.fromEntries(Object.keys(out.headers as object).map((h) => [h, '…']));
  return out;
}

/**
 * Secrets sent back exactly as GET shows them keep their stored value, so a channel can be renamed or retuned
 * (PUT) without retyping its webhook URL, routing key, SMTP password or header values — but only while the
 * secret's destination is unchanged: a masked routing key with a new `eventsUrl`, masked headers with a new
 * `url` or a masked SMTP password with a new `host` are refused (re-enter the secret), so nobody can redirect a
 * stored secret to a server of their own.
 * @example restoreRedactedSecrets({ webhookUrl: '…/abc' }, stored.settings) // { webhookUrl: 'https://hooks…/abc' }
 */
export function restoreRedactedSecrets(
  given: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const shown = redactSettings(stored);
  const out: Record<string, unknown> = { ...given };
  const refuse = (field: string, destination: string) => {
    throw new VigilError(
      'VIGIL_ERR_VALIDATION',
      `body.settings.${field}: the stored secret is kept only while ${destination} is unchanged; enter the secret again`,
    );
  };
  for (const k of ['webhookUrl', 'url']) if (typeof out[k] === 'string' && out[k] === shown[k]) out[k] = stored[k];
  if (typeof out.routingKey === 'string' && out.routingKey === shown.routingKey) {
    if (out.eventsUrl !== stored.eventsUrl) refuse('routingKey', 'eventsUrl');
    out.routingKey = stored.routingKey;
  }
  const auth = out.auth as { pass?: unknown } | undefined;
  const storedAuth = stored.auth as { pass?: unknown } | undefined;
  if (auth && typeof auth === 'object' && auth.pass === '…' && storedAuth && typeof storedAuth === 'object') {
    if (out.host !== stored.host || out.port !== stored.port) refuse('auth.pass', 'host and port');
    out.auth = { ...auth, pass: storedAuth.pass };
  }
  const storedHeaders = (stored.headers ?? {}) as Record<string, unknown>;
  if (out.headers && typeof out.headers === 'object') {
    const entries = Object.entries(out.headers as Record<string, unknown>);
    if (entries.some(([h, v]) => v === '…' && h in storedHeaders) && out.url !== stored.url) refuse('headers', 'url');
    out.headers = Object.fromEntries(
      entries.map(([h, v]) => [h, v === '…' && h in storedHeaders ? storedHeaders[h] : v]),
    );
  }
  return out;
}

/** The first notification target of a channel that may not be reached: [field, why], or null. */
export async function checkChannelTargets(
  c: { kind: string; settings: Record<string, unknown> },
  policy: TargetPolicy,
): Promise<[string, string] | null> {
  const s = c.settings;
  const urls: Array<[string, unknown]> =
    c.kind === 'slack' || c.kind === 'teams'
      ? [['webhookUrl', s.webhookUrl]]
      : c.kind === 'webhook'
        ? [['url', s.url]]
        : c.kind === 'pagerduty'
          ? [['eventsUrl', s.eventsUrl]]
          : [];
  for (const [field, v] of urls) {
    if (typeof v !== 'string') continue;
    const why = await checkTarget(v, policy);
    if (why) return [field, why];
  }
  if (c.kind === 'email' && typeof s.host === 'string') {
    const why = await checkSmtpHost(s.host, policy);
    if (why) return ['host', why];
  }
  return null;
}

/** The fields of a channel that are secrets: encrypted at rest (secrets/), redacted on the wire. */
export function channelSecretPaths(c: { kind: string }): ReadonlyArray<readonly string[]> {
  switch (c.kind) {
    case 'slack':
    case 'teams':
      return [['settings', 'webhookUrl']];
    case 'pagerduty':
      return [['settings', 'routingKey']];
    case 'email':
      return [['settings', 'auth', 'pass']];
    case 'webhook':
      return [
        ['settings', 'url'],
        ['settings', 'headers', '*'],
      ];
    default:
      return [];
  }
}
