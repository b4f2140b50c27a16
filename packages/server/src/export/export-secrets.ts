import type { ExportKind } from '@vigil/protocol';

/** Settings fields that are secrets, per kind (OTLP: every header value). */
const SECRET_FIELDS: Record<ExportKind, string[]> = {
  datadog: ['apiKey'],
  splunk: ['token'],
  newrelic: ['apiKey'],
  cloudwatch: ['accessKeyId', 'secretAccessKey'],
  otlp: [],
};

const mask = (v: unknown) => (typeof v === 'string' ? (v.length >= 12 ? `…${v.slice(-4)}` : '…') : v);

/**
 * Settings as answers show them: secrets as "…" plus their last 4 characters (short ones as "…").
 * @example maskExportSettings('datadog', { apiKey: 'abcdef0123456789' }) // { apiKey: '…6789' }
 */
export function maskExportSettings(kind: ExportKind, settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...settings };
  for (const k of SECRET_FIELDS[kind]) if (k in out) out[k] = mask(out[k]);
  if (kind === 'otlp' && out.headers && typeof out.headers === 'object')
    out.headers = Object.fromEntries(
      Object.entries(out.headers as Record<string, unknown>).map(([h, v]) => [h, mask(v)]),
    );
  return out;
}

/**
 * A secret sent back exactly as an answer showed it keeps its stored value, so a destination can be renamed or
 * retuned without retyping its key.
 */
export function restoreExportSecrets(
  kind: ExportKind,
  given: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const shown = maskExportSettings(kind, stored);
  const out: Record<string, unknown> = { ...given };
  for (const k of SECRET_FIELDS[kind]) if (out[k] !== undefined && out[k] === shown[k]) out[k] = stored[k];
  if (kind === 'otlp' && out.headers && typeof out.headers === 'object') {
    const storedHeaders = (stored.headers ?? {}) as Record<string, unknown>;
    const shownHeaders = (shown.headers ?? {}) as Record<string, unknown>;
    out.headers = Object.fromEntries(
      Object.entries(out.headers as Record<string, unknown>).map(([h, v]) => [
        h,
        h in storedHeaders && v === shownHeaders[h] ? storedHeaders[h] : v,
      ]),
    );
  }
  return out;
}
