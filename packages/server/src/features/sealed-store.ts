import { channelSecretPaths } from '../alerting/index.js';
import { mapSecrets, sealCollection, type SecretBox } from '../secrets/index.js';
import type { ChannelConfig, ExportDestinationRecord, ExportStore, Store } from '../storage/index.js';

/** The secret fields of an export destination (the exporters' own masking list, export/export-secrets.ts). */
function exportSecretPaths(d: { kind: string }): ReadonlyArray<readonly string[]> {
  const fields: Record<string, string[]> = {
    datadog: ['apiKey'],
    splunk: ['token'],
    newrelic: ['apiKey'],
    cloudwatch: ['accessKeyId', 'secretAccessKey'],
    otlp: [],
  };
  return [
    ...(fields[d.kind] ?? []).map((f) => ['settings', f]),
    ...(d.kind === 'otlp' ? [['settings', 'headers', '*']] : []),
  ];
}

/**
 * The store as the alerting and export features see it: channel and export-destination secrets sealed with the secrets key on the way in and
 * opened on the way out, so no backend ever holds them in plaintext. Everything else passes through.
 * @example const store = withSealedSecrets(raw, box); await store.alerting.channels.sealAll(now)
 */
export function withSealedSecrets(store: Store, box: SecretBox) {
  const channels = sealCollection<ChannelConfig>(store.alerting.channels, box, channelSecretPaths);
  const alerting = forward(store.alerting, { channels });
  const inner = store.exports;
  const open = (d: ExportDestinationRecord) => mapSecrets(d, exportSecretPaths, (v) => box.open(v));
  const exports = forward<ExportStore>(inner, {
    listDestinations: async () => (await inner.listDestinations()).map(open),
    getDestination: async (id: string) => {
      const d = await inner.getDestination(id);
      return d ? open(d) : null;
    },
    putDestination: (d: ExportDestinationRecord) =>
      inner.putDestination(mapSecrets(d, exportSecretPaths, (v) => box.seal(v))),
  });
  /** Seals channels and export destinations stored before encryption. */
  async function sealAll(now: number): Promise<void> {
    await channels.sealAll(now);
    for (const d of await exports.listDestinations()) await exports.putDestination(d);
  }
  return { store: forward(store, { alerting, exports }) as Store, channels, exports, sealAll };
}

/** `target` with some properties replaced; methods stay bound to `target`. */
function forward<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in overrides) return overrides[prop as keyof T];
      const v = Reflect.get(t, prop, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}
