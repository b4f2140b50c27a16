import type { ExportDestinationBody, ExportDestinationView, ExportKind } from '@vigil/protocol';

/** Labels of the destination kinds, in the order the form lists them. */
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  datadog: 'Datadog (metrics API v2, events)',
  splunk: 'Splunk HTTP Event Collector',
  newrelic: 'New Relic (Metric and Event APIs)',
  cloudwatch: 'AWS CloudWatch (PutMetricData)',
  otlp: 'OTLP/HTTP (Collector, Azure Monitor, Google Cloud)',
};

/** One text field of a kind's settings. `secret` fields show the stored value masked and keep it when left empty. */
export interface ExportField {
  key: string;
  label: string;
  hint?: string;
  secret?: boolean;
  required?: boolean;
  /** `lines`: one "name: value" per line (OTLP headers); `list`: comma-separated (Datadog tags). */
  shape?: 'text' | 'lines' | 'list';
}

export const EXPORT_FIELDS: Record<ExportKind, ExportField[]> = {
  datadog: [
    { key: 'apiKey', label: 'API key', secret: true, required: true },
    { key: 'url', label: 'API URL', hint: 'empty: https://api.datadoghq.com; EU: https://api.datadoghq.eu' },
    { key: 'tags', label: 'Tags', hint: 'comma-separated key:value', shape: 'list' },
  ],
  splunk: [
    { key: 'url', label: 'HEC URL', hint: 'https://splunk.example.com:8088', required: true },
    { key: 'token', label: 'HEC token', secret: true, required: true },
    { key: 'index', label: 'Events index', hint: "empty: the token's" },
    { key: 'metricsIndex', label: 'Metrics index', hint: "a metrics index; empty: the token's" },
  ],
  newrelic: [
    { key: 'apiKey', label: 'License or ingest key', secret: true, required: true },
    { key: 'accountId', label: 'Account id', required: true },
    { key: 'region', label: 'Region', hint: 'us or eu' },
  ],
  cloudwatch: [
    { key: 'region', label: 'AWS region', hint: 'e.g. eu-west-1', required: true },
    { key: 'namespace', label: 'Namespace', hint: 'empty: Vigil' },
    { key: 'accessKeyId', label: 'Access key id', secret: true, required: true },
    { key: 'secretAccessKey', label: 'Secret access key', secret: true, required: true },
  ],
  otlp: [
    {
      key: 'url',
      label: 'OTLP/HTTP URL',
      hint: 'http://collector:4318 (/v1/metrics, /v1/logs appended)',
      required: true,
    },
    { key: 'headers', label: 'Headers', hint: 'one "name: value" per line; values are secrets', shape: 'lines' },
    { key: 'encoding', label: 'Encoding', hint: 'protobuf (default) or json' },
  ],
};

export interface ExportForm {
  name: string;
  kind: ExportKind;
  enabled: boolean;
  values: Record<string, string>;
}

/** The form's starting values: a new Datadog destination, or an existing one with its secrets left empty. */
export function formFromDestination(d: ExportDestinationView | null): ExportForm {
  if (!d) return { name: '', kind: 'datadog', enabled: true, values: {} };
  const values: Record<string, string> = {};
  for (const f of EXPORT_FIELDS[d.kind]) {
    const v = d.settings[f.key];
    if (f.secret || v === undefined) continue;
    if (f.shape === 'list' && Array.isArray(v)) values[f.key] = v.join(', ');
    else if (f.shape === 'lines' && v && typeof v === 'object')
      values[f.key] = Object.entries(v as Record<string, string>)
        .map(([h, x]) => `${h}: ${x}`)
        .join('\n');
    else values[f.key] = String(v);
  }
  return { name: d.name, kind: d.kind, enabled: d.enabled, values };
}

/**
 * The body to send. An empty secret of an existing destination sends back the masked value the API showed,
 * which the server replaces by the stored secret.
 */
export function bodyFromForm(f: ExportForm, existing: ExportDestinationView | null): ExportDestinationBody {
  const settings: Record<string, unknown> = {};
  for (const field of EXPORT_FIELDS[f.kind]) {
    const raw = (f.values[field.key] ?? '').trim();
    if (!raw) {
      if (field.secret && existing && existing.kind === f.kind && existing.settings[field.key] !== undefined)
        settings[field.key] = existing.settings[field.key];
      continue;
    }
    if (field.shape === 'list')
      settings[field.key] = raw
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
    else if (field.shape === 'lines')
      settings[field.key] = Object.fromEntries(
        raw
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => {
            const i = l.indexOf(':');
            return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
          }),
      );
    else settings[field.key] = raw;
  }
  return { name: f.name.trim(), kind: f.kind, enabled: f.enabled, settings } as ExportDestinationBody;
}
