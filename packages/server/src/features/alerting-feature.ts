import type { FeatureContext, FeatureLifecycle } from '../app.js';
import { createAlertingService, type AlertingService } from '../alerting/service/index.js';
import { registerAlertingConfigRoutes } from '../api/alerting/config-routes.js';
import { registerAlertingEscalationRoutes } from '../api/incidents/escalation-routes.js';
import { registerAlertingIncidentRoutes } from '../api/incidents/incident-routes.js';
import { registerAlertingRuleRoutes } from '../api/alerting/rule-routes.js';
import { registerAlertingSloRoutes } from '../api/alerting/slo-routes.js';
import { computeBudgets } from '../api/governance/cost-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The alerting service (tests drive `alerting.scheduler.evaluateOnce(now)`). */
    alerting: AlertingService;
  }
}

/**
 * The alerting feature: wires the service over the store, registers /api/v1/alerts…, /incidents…, /raci,
 * /teams, /channels, /silences, /maintenance-windows, /escalation-policy, /slos, and returns the scheduler's lifecycle.
 * `config.alertEvalIntervalMs` = 0 leaves the timer off (tests call evaluateOnce with their own clock).
 * @example features.push(registerAlertingFeature(ctx));
 */
export function registerAlertingFeature(ctx: FeatureContext): FeatureLifecycle {
  const alerting = createAlertingService({
    store: ctx.store,
    budgets: (at) => computeBudgets(ctx.store, at),
    now: ctx.now,
    intervalMs: ctx.config.alertEvalIntervalMs,
    rawRetentionMs: ctx.config.retentionDays * 86_400_000,
    // The configured URL, else the address the server listens on (port 0 is known only once it listens).
    externalUrl: () => ctx.config.externalUrl ?? listeningUrl(ctx),
    onError: (err) => ctx.app.log.error({ err }, 'alert evaluation round failed; retrying next interval'),
  });
  ctx.app.decorate('alerting', alerting);
  registerAlertingRuleRoutes(ctx.app, alerting);
  registerAlertingIncidentRoutes(ctx.app, alerting);
  registerAlertingConfigRoutes(ctx.app, alerting);
  registerAlertingEscalationRoutes(ctx.app, alerting);
  registerAlertingSloRoutes(ctx.app, alerting);
  return { start: () => alerting.start(), stop: () => alerting.stop() };
}

function listeningUrl(ctx: FeatureContext): string {
  const address = ctx.app.server.address();
  const port = address && typeof address === 'object' ? address.port : ctx.config.port;
  const host = ctx.config.host.includes(':') ? `[${ctx.config.host}]` : ctx.config.host;
  return `http://${host}:${port}`;
}
