import { alertListRoutes } from '../api/alerting/alert-routes.js';
import { alertingConfigRoutes } from '../api/alerting/config-routes.js';
import { alertRuleRoutes } from '../api/alerting/rule-routes.js';
import { sloRoutes } from '../api/alerting/slo-routes.js';
import { inboxRoutes } from '../api/alerting/inbox-routes.js';
import { escalationPolicyRoutes } from '../api/incidents/escalation-routes.js';
import { incidentRoutes } from '../api/incidents/incident-routes.js';
import { tuningRoutes } from '../api/incidents/tuning-routes.js';
import {
  createAlertingService,
  createDeliveryDispatcher,
  createGuardedFetch,
  createGuardedLookup,
  createInboxService,
  type AlertingService,
  type BudgetStatusReader,
  type DeliveryDispatcher,
} from '../alerting/index.js';
import { createIncidentService, createTuningService } from '../incidents/index.js';
import type { FeatureContext, FeatureLifecycle } from './feature-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The alerting service (tests drive `alerting.scheduler.evaluateOnce(now)`). */
    alerting: AlertingService;
  }
}

/**
 * Alerting and incidents: the alerting service (rules evaluated by the scheduler over the rollups) hands its
 * alert groups to the incidents stage (incidents, routing, escalation, the daily digest). Registers
 * /api/v1/alerts…, /raci, /teams, /channels, /silences, /maintenance-windows, /slos, /inbox, /incidents… and
 * /escalation-policy, and returns the scheduler's lifecycle. `config.alertEvalIntervalMs` = 0 leaves the timer
 * off (tests call evaluateOnce with their own clock).
 * @example features.push(await registerAlertingFeature(ctx, { budgets: (at) => cost.computeBudgets(at) }));
 */
export async function registerAlertingFeature(
  ctx: FeatureContext,
  deps: { budgets: BudgetStatusReader },
): Promise<
  FeatureLifecycle & { dispatcher: DeliveryDispatcher; evalStepMs: number; externalUrl: () => string | undefined }
> {
  const { app, store, config, now } = ctx;
  // The configured URL, else the address the server listens on (port 0 is known only once it listens).
  const externalUrl = () => config.externalUrl ?? listeningUrl(ctx);
  // Channel targets are checked again when Vigil connects (DNS rebinding), not only when they are saved.
  const dispatcher = createDeliveryDispatcher(store.alerting, {
    now,
    inbox: store.inbox,
    fetch: createGuardedFetch({ allowLoopback: config.allowLoopbackTargets }),
    lookup: createGuardedLookup({ allowLoopback: config.allowLoopbackTargets }),
  });
  // The scheduler takes the incident manager when it is built; humans act on incidents between its rounds.
  let alerting: AlertingService | undefined;
  const incidents = createIncidentService({
    store,
    now,
    dispatcher,
    config: { externalUrl },
    rounds: () => alerting!.scheduler,
  });
  alerting = createAlertingService({
    store,
    now,
    config: { intervalMs: config.alertEvalIntervalMs, rawRetentionMs: config.retentionDays * 86_400_000 },
    dispatcher,
    incidents: incidents.manager,
    digest: incidents.digest,
    budgets: deps.budgets,
    onError: (err) => app.log.error({ err }, 'alert evaluation round failed; retrying next interval'),
  });
  app.decorate('alerting', alerting);
  await app.register(alertRuleRoutes, { alerting });
  await app.register(alertListRoutes, { alerting });
  await app.register(alertingConfigRoutes, { alerting, allowLoopbackTargets: config.allowLoopbackTargets });
  await app.register(sloRoutes, { alerting });
  await app.register(inboxRoutes, { inbox: createInboxService(store.inbox) });
  await app.register(incidentRoutes, { incidents });
  await app.register(escalationPolicyRoutes, { incidents });
  const tuning = createTuningService({ store, evalStepMs: alerting.evalStepMs });
  await app.register(tuningRoutes, { tuning, now });
  const service = alerting;
  return {
    start: () => service.start(),
    stop: () => service.stop(),
    follow: () => service.follow(),
    dispatcher,
    evalStepMs: service.evalStepMs,
    externalUrl,
  };
}

function listeningUrl(ctx: FeatureContext): string {
  const address = ctx.app.server.address();
  const port = address && typeof address === 'object' ? address.port : ctx.config.port;
  const host = ctx.config.host.includes(':') ? `[${ctx.config.host}]` : ctx.config.host;
  return `http://${host}:${port}`;
}
