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
 * (PUT) without retyping its webhook URL, routing key, SMTP password or header values.
 * @example restoreRedactedSecrets({ webhookUrl: '…/abc' }, stored.settings) // { webhookUrl: 'https://hooks…/abc' }
 */
export function restoreRedactedSecrets(
  given: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const shown = redactSettings(stored);
  const out: Record<string, unknown> = { ...given };
  for (const k of ['webhookUrl', 'url', 'routingKey'])
    if (typeof out[k] === 'string' && out[k] === shown[k]) out[k] = stored[k];
  const auth = out.auth as { pass?: unknown } | undefined;
  const storedAuth = stored.auth as { pass?: unknown } | undefined;
  if (auth && typeof auth === 'object' && auth.pass === '…' && storedAuth && typeof storedAuth === 'object')
    out.auth = { ...auth, pass: storedAuth.pass };
  const storedHeaders = (stored.headers ?? {}) as Record<string, unknown>;
  if (out.headers && typeof out.headers === 'object') {
    out.headers = Object.fromEntries(
      Object.entries(out.headers as Record<string, unknown>).map(([h, v]) => [
        h,
        v === '…' && h in storedHeaders ? storedHeaders[h] : v,
      ]),
    );
  }
  return out;
}
