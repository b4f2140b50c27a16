import { channelSecretPaths } from '../alerting/index.js';
import { sealCollection, type SecretBox } from '../secrets/index.js';
import type { ChannelConfig, Store } from '../storage/index.js';

/**
 * The store as the alerting feature sees it: channel secrets sealed with the secrets key on the way in and
 * opened on the way out, so no backend ever holds them in plaintext. Everything else passes through.
 * @example const store = withSealedSecrets(raw, box); await store.alerting.channels.sealAll(now)
 */
export function withSealedSecrets(store: Store, box: SecretBox) {
  const channels = sealCollection<ChannelConfig>(store.alerting.channels, box, channelSecretPaths);
  const alerting = forward(store.alerting, { channels });
  return { store: forward(store, { alerting }) as Store, channels };
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
