import { hkdfSync } from 'node:crypto';
import { piiPolicyRoutes } from '../api/governance/pii-policy-routes.js';
import { createPiiPolicyService, type PiiPolicyService } from '../governance/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * Personal data before it is stored (docs/privacy.md): the policy routes, and the compiled policies handed to
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
  return { pii, start: begin, follow: begin, stop: () => pii.stop() };
}
