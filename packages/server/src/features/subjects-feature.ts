import { createHmac } from 'node:crypto';
import { privacyRoutes } from '../api/privacy/subject-routes.js';
import type { AuditService } from '../audit/index.js';
import { MINUTE_ROLLUP_RETENTION_MS } from '../ingest/retention-job.js';
import { createRetentionPolicyService, createSubjectService } from '../privacy/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

/**
 * Data subjects (export, erasure) and retention per use case. The retention itself runs in the leased retention
 * job (ingest/retention-job.ts); nothing runs here.
 * @example features.push(await registerSubjectsFeature(ctx, { audit, secretsKey }));
 */
export async function registerSubjectsFeature(
  ctx: FeatureContext,
  deps: { audit: AuditService; secretsKey: Buffer },
): Promise<FeatureLifecycle> {
  const { app, store, config, now } = ctx;
  const subjects = createSubjectService({
    store: store.privacy,
    audit: deps.audit,
    now,
    // A key of its own, derived from the secrets key: the audit hash never reuses the encryption key itself.
    hashKey: createHmac('sha256', deps.secretsKey).update('vigil audit subject id').digest(),
  });
  const retention = createRetentionPolicyService({
    store,
    now,
    globalRawEventDays: config.retentionDays,
    minuteRollupDays: MINUTE_ROLLUP_RETENTION_MS / 86_400_000,
  });
  await app.register(privacyRoutes, { subjects, retention });
  return {};
}
