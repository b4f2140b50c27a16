import type { KeyScope, MonitoringArea, Role } from '@vigil/protocol';

/**
 * The permission table, kept in this one place: which actions each role and each API-key scope may take, and
 * which action every route needs. plugins/auth.ts enforces it; test/permissions.test.ts walks every route of
 * the OpenAPI document with no credentials, each role and each key scope and checks the answers against it.
 */
export const PERMISSIONS = [
  'telemetry.ingest',
  'telemetry.read',
  'models.manage',
  'alerts.read',
  'rules.edit',
  'silences.manage',
  'slos.edit',
  'incidents.act',
  'routing.manage',
  'channels.manage',
  'costs.read',
  'costs.edit',
  'governance.read',
  'governance.edit',
  'intake.signoff',
  'golive.approve',
  'report.read',
  'report.edit',
  'keys.manage',
  'users.manage',
  'audit.read',
  'system.metrics',
  'exports.manage',
  'dashboards.edit',
  'infra.manage',
  'privacy.manage',
  'subjects.manage',
  'retention.edit',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A route's need: no credentials, any signed-in principal, or one permission. */
export type RouteNeed = 'public' | 'authenticated' | Permission;

const VIEWER: Permission[] = ['telemetry.read', 'alerts.read', 'governance.read', 'report.read'];
const RESPONDER: Permission[] = ['rules.edit', 'silences.manage', 'incidents.act'];

/** Each role of the deck as the actions it may take. Only an Executive approves a go-live. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: VIEWER,
  devops: [
    ...VIEWER,
    ...RESPONDER,
    'slos.edit',
    'routing.manage',
    'channels.manage',
    'intake.signoff',
    'costs.read',
    'system.metrics',
    'exports.manage',
    'dashboards.edit',
    'infra.manage',
  ],
  'data-science': [...VIEWER, ...RESPONDER, 'models.manage', 'intake.signoff', 'dashboards.edit'],
  infosec: [
    ...VIEWER,
    ...RESPONDER,
    'audit.read',
    'intake.signoff',
    'system.metrics',
    'dashboards.edit',
    'privacy.manage',
    // GDPR: export and erase data subjects, set retention per use case.
    'subjects.manage',
    'retention.edit',
  ],
  business: [
    ...VIEWER,
    'rules.edit',
    'costs.read',
    'costs.edit',
    'report.edit',
    'governance.edit',
    'intake.signoff',
    'dashboards.edit',
  ],
  executive: [...VIEWER, 'costs.read', 'golive.approve'],
  admin: PERMISSIONS.filter((p) => p !== 'golive.approve'),
};

/**
 * The monitoring areas whose alert rules each role edits (the RACI "Responsible" of the deck); an admin
 * edits every area. A role without `rules.edit` edits none.
 */
export const ROLE_RULE_AREAS: Record<Role, readonly MonitoringArea[]> = {
  viewer: [],
  devops: ['Infrastructure', 'API Performance'],
  'data-science': ['Model Accuracy', 'Data Quality'],
  infosec: ['Security Events', 'Compliance'],
  business: ['Cost Monitoring'],
  executive: [],
  admin: [
    'Infrastructure',
    'API Performance',
    'Model Accuracy',
    'Data Quality',
    'Security Events',
    'Cost Monitoring',
    'Compliance',
  ],
};

/**
 * API-key scopes. Keys are for automation: a sign-off or a go-live approval needs a person, so no scope
 * grants them.
 */
export const SCOPE_PERMISSIONS: Record<KeyScope, readonly Permission[]> = {
  ingest: ['telemetry.ingest'],
  read: [...VIEWER, 'costs.read', 'system.metrics'],
  admin: PERMISSIONS.filter((p) => p !== 'golive.approve' && p !== 'intake.signoff'),
};

/** Every route (Fastify path syntax) → what it needs. A route missing here needs admin (deny by default). */
export const ROUTE_PERMISSIONS: Record<string, RouteNeed> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'system.metrics',
  'GET /api/v1/demo': 'public',
  'GET /api/v1/openapi.json': 'public',

  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/auth/oidc': 'public',
  'GET /auth/oidc/login': 'public',
  'GET /auth/oidc/callback': 'public',
  'GET /api/v1/auth/oidc/settings': 'users.manage',
  'PUT /api/v1/auth/oidc/settings': 'users.manage',
  'GET /api/v1/auth/session': 'authenticated',

  'POST /api/v1/events': 'telemetry.ingest',
  'POST /api/v1/labels': 'telemetry.ingest',
  'POST /v1/traces': 'telemetry.ingest',
  'POST /v1/metrics': 'telemetry.ingest',
  'POST /v1/logs': 'telemetry.ingest',
  'GET /api/v1/events': 'telemetry.read',
  'GET /api/v1/limits': 'telemetry.read',
  'GET /api/v1/models': 'telemetry.read',
  'GET /api/v1/metrics/timeseries': 'telemetry.read',
  'GET /api/v1/metrics/summary': 'telemetry.read',
  'POST /api/v1/write': 'telemetry.ingest',
  'GET /api/v1/infra/resources': 'telemetry.read',
  'GET /api/v1/infra/timeseries': 'telemetry.read',
  'GET /api/v1/infra/links': 'telemetry.read',
  'GET /api/v1/infra/genai': 'telemetry.read',
  'PUT /api/v1/infra/links': 'infra.manage',
  'GET /api/v1/segments': 'telemetry.read',
  'GET /api/v1/models/:model/drift': 'telemetry.read',
  'GET /api/v1/models/:model/drift/timeline': 'telemetry.read',
  'GET /api/v1/models/:model/quality': 'telemetry.read',
  'GET /api/v1/models/:model/performance': 'telemetry.read',
  'POST /api/v1/models/:model/reference': 'telemetry.ingest',
  'GET /api/v1/models/:model/reference': 'telemetry.read',
  'DELETE /api/v1/models/:model/reference': 'models.manage',

  'POST /api/v1/roi/calculate': 'report.read',
  'GET /api/v1/use-cases': 'governance.read',
  'POST /api/v1/use-cases': 'governance.edit',
  'GET /api/v1/use-cases/:id': 'governance.read',
  'PUT /api/v1/use-cases/:id': 'governance.edit',
  'DELETE /api/v1/use-cases/:id': 'governance.edit',
  'GET /api/v1/use-cases/:id/checkpoints': 'governance.read',
  'POST /api/v1/use-cases/:id/checkpoints/:key': 'intake.signoff',
  'POST /api/v1/use-cases/:id/load-tests': 'governance.edit',
  'POST /api/v1/use-cases/:id/advance': 'governance.edit',
  'POST /api/v1/use-cases/:id/approve': 'golive.approve',
  'GET /api/v1/use-cases/:id/audit': 'governance.read',
  'GET /api/v1/use-cases/:id/load-tests': 'governance.read',

  // Custom dashboards: everyone reads them (a shared link opens for any signed-in person); the teams edit.
  'GET /api/v1/dashboards': 'telemetry.read',
  'GET /api/v1/dashboards/:id': 'telemetry.read',
  'POST /api/v1/dashboards': 'dashboards.edit',
  'PUT /api/v1/dashboards/:id': 'dashboards.edit',
  'DELETE /api/v1/dashboards/:id': 'dashboards.edit',
  'PUT /api/v1/dashboard-homes/:team': 'dashboards.edit',
  'GET /api/v1/scorecard': 'governance.read',

  // Personal-data policies: everyone who reads governance sees them; InfoSec and Admin change them.
  'GET /api/v1/privacy/pii-policies': 'governance.read',
  'PUT /api/v1/privacy/pii-policies/default': 'privacy.manage',
  'PUT /api/v1/privacy/pii-policies/use-cases/:id': 'privacy.manage',
  'DELETE /api/v1/privacy/pii-policies/use-cases/:id': 'privacy.manage',
  'POST /api/v1/privacy/pii-policies/preview': 'privacy.manage',
  'GET /api/v1/scorecard/coverage-history': 'governance.read',

  'GET /api/v1/cost': 'costs.read',
  'GET /api/v1/cost/budgets': 'costs.read',
  'PUT /api/v1/cost/budgets': 'costs.edit',
  'GET /api/v1/cost/prices': 'costs.read',
  'PUT /api/v1/cost/prices': 'costs.edit',
  'GET /api/v1/cost/estimate': 'costs.read',
  'GET /api/v1/report/roi-inputs': 'report.read',
  'PUT /api/v1/report/roi-inputs': 'report.edit',
  'GET /api/v1/report/executive': 'report.read',
  'GET /api/v1/reports/schedule': 'report.read',
  'PUT /api/v1/reports/schedule': 'report.edit',
  'GET /api/v1/reports/archive': 'report.read',
  'GET /api/v1/reports/archive/:id': 'report.read',
  'GET /api/v1/reports/archive/:id/html': 'report.read',
  'GET /api/v1/reports/archive/:id/pdf': 'report.read',
  'POST /api/v1/reports/run': 'report.edit',

  'GET /api/v1/alerts/rules': 'alerts.read',
  'POST /api/v1/alerts/rules': 'rules.edit',
  'GET /api/v1/alerts/rules/:id': 'alerts.read',
  'PUT /api/v1/alerts/rules/:id': 'rules.edit',
  'DELETE /api/v1/alerts/rules/:id': 'rules.edit',
  'POST /api/v1/alerts/rules/apply': 'rules.edit',
  'POST /api/v1/alerts/rules/preview': 'alerts.read',
  'GET /api/v1/alerts': 'alerts.read',
  'GET /api/v1/alerts/rules/:id/history': 'alerts.read',
  'GET /api/v1/alerts/tuning': 'alerts.read',
  'GET /api/v1/alerts/tuning/:id/proposal': 'alerts.read',
  'GET /api/v1/raci': 'alerts.read',
  'PUT /api/v1/raci': 'routing.manage',
  'GET /api/v1/teams': 'alerts.read',
  'POST /api/v1/teams': 'routing.manage',
  'GET /api/v1/teams/:id': 'alerts.read',
  'PUT /api/v1/teams/:id': 'routing.manage',
  'DELETE /api/v1/teams/:id': 'routing.manage',
  'GET /api/v1/channels': 'alerts.read',
  'GET /api/v1/inbox': 'alerts.read',
  'POST /api/v1/channels': 'channels.manage',
  'GET /api/v1/channels/:id': 'alerts.read',
  'PUT /api/v1/channels/:id': 'channels.manage',
  'DELETE /api/v1/channels/:id': 'channels.manage',
  'POST /api/v1/channels/:id/test': 'channels.manage',
  'GET /api/v1/silences': 'alerts.read',
  'POST /api/v1/silences': 'silences.manage',
  'GET /api/v1/silences/:id': 'alerts.read',
  'PUT /api/v1/silences/:id': 'silences.manage',
  'DELETE /api/v1/silences/:id': 'silences.manage',
  'GET /api/v1/maintenance-windows': 'alerts.read',
  'POST /api/v1/maintenance-windows': 'silences.manage',
  'GET /api/v1/maintenance-windows/:id': 'alerts.read',
  'PUT /api/v1/maintenance-windows/:id': 'silences.manage',
  'DELETE /api/v1/maintenance-windows/:id': 'silences.manage',
  'GET /api/v1/slos': 'alerts.read',
  'POST /api/v1/slos': 'slos.edit',
  'GET /api/v1/slos/:id': 'alerts.read',
  'PUT /api/v1/slos/:id': 'slos.edit',
  'DELETE /api/v1/slos/:id': 'slos.edit',
  'GET /api/v1/slos/:id/status': 'alerts.read',
  'GET /api/v1/incidents': 'alerts.read',
  'GET /api/v1/incidents/metrics': 'alerts.read',
  'GET /api/v1/incidents/:id': 'alerts.read',
  'POST /api/v1/incidents/:id/acknowledge': 'incidents.act',
  'POST /api/v1/incidents/:id/comments': 'incidents.act',
  'POST /api/v1/incidents/:id/resolve': 'incidents.act',
  'GET /api/v1/escalation-policy': 'alerts.read',
  'PUT /api/v1/escalation-policy': 'routing.manage',

  'GET /api/v1/exports': 'telemetry.read',
  'POST /api/v1/exports': 'exports.manage',
  'PUT /api/v1/exports/:id': 'exports.manage',
  'DELETE /api/v1/exports/:id': 'exports.manage',
  'GET /api/v1/exports/:id/deliveries': 'telemetry.read',
  'POST /api/v1/exports/:id/test': 'exports.manage',

  'GET /api/v1/users': 'users.manage',
  'POST /api/v1/users': 'users.manage',
  'PATCH /api/v1/users/:id': 'users.manage',
  'GET /api/v1/keys': 'keys.manage',
  'POST /api/v1/keys': 'keys.manage',
  'POST /api/v1/keys/:id/rotate': 'keys.manage',
  'DELETE /api/v1/keys/:id': 'keys.manage',
  'GET /api/v1/audit': 'audit.read',
  'GET /api/v1/audit/export': 'audit.read',
  'GET /api/v1/audit/verify': 'audit.read',

  // GDPR (docs/gdpr.md): InfoSec and Admin export and erase data subjects and set retention per use case.
  'GET /api/v1/subjects/:id': 'subjects.manage',
  'DELETE /api/v1/subjects/:id': 'subjects.manage',
  'GET /api/v1/retention-policies': 'governance.read',
  'PUT /api/v1/retention-policies/:useCaseId': 'retention.edit',
};

/** What a route needs: its line in the table; else, for a route added without one, admin's full set. */
export function routeNeed(method: string, url: string | undefined): RouteNeed | 'unlisted' {
  if (url === undefined) return 'unlisted';
  return ROUTE_PERMISSIONS[`${method} ${url}`] ?? 'unlisted';
}

/** The union of the roles' permissions. */
export function permissionsOfRoles(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

/** The union of the roles' rule areas. */
export function ruleAreasOfRoles(roles: readonly Role[]): Set<string> {
  return new Set(roles.flatMap((r) => ROLE_RULE_AREAS[r]));
}
