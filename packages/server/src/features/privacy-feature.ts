import { hkdfSync } from 'node:crypto';
import { piiPolicyRoutes } from '../api/governance/pii-policy-routes.js';
import { createPiiPolicyService, type PiiPolicyService } from '../governance/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/** How long per-minute security signal counts are kept. */
export const SECURITY_SIGNAL_RETENTION_MS = 14 * 86_400_000;

/**
 * Personal data before it is stored (docs/privacy.md) and the security signals' retention: the policy routes, and the compiled policies handed to
 * the ingest pipeline on every node (reloaded after each change and every 10 s). The `hash` action's HMAC key is
 * derived from the secrets key (HKDF-SHA-256), so it is kept and backed up with it and never equals it.
 * @example features.push(await registerPrivacyFeature(ctx, { secretsKey }));
 */
export async function registerPrivacyFeature(
  ctx: FeatureContext,
  deps: { secretsKey: Buffer },
): Promise<FeatureLifecycle & { pii: PiiPolicyService }> {
  const { app, store, config, pipeline, now } = ctx;
  const hashKey = Buffer.from(hkdfSync('sha256', deps.secretsKey, Buffer.alloc(0), 'vigil personal-data hash', 32));
  const pii = createPiiPolicyService({
    store,
    now,
    hashKey,
    cardMasking: config.redactCardNumbers,
    onRefresh: (policyOf) => pipeline.setPersonalDataPolicy(policyOf),
    onError: (err) => app.log.warn({ err }, 'personal-data policies could not be re-read; keeping the last ones'),
  });
  pipeline.setPersonalDataPolicy(pii.policyOf);
  await app.register(piiPolicyRoutes, { pii });
  // Every node applies the policies at ingest, leader or not.
  const begin = async () => {
    await pii.refresh();
    pii.startRefreshing();
  };
  // Security signals are minute counts for alert windows (at most a day's baseline): 14 days, like minute rollups.
  let pruneTimer: NodeJS.Timeout | undefined;
  const prune = () =>
    store.securitySignals
      .prune(now() - SECURITY_SIGNAL_RETENTION_MS)
      .catch((err: unknown) => app.log.error({ err }, 'security signal pruning failed; retrying next hour'));
  return {
    pii,
    async start() {
      await begin();
      void prune();
      pruneTimer ??= setInterval(prune, 3_600_000);
      pruneTimer.unref();
    },
    follow: begin,
    stop() {
      pii.stop();
      clearInterval(pruneTimer);
      pruneTimer = undefined;
    },
  };
}
