import type { Migration } from './migrations/migration.js';
import { foundation } from './migrations/001-foundation.js';
import { modelHealth } from './migrations/002-model-health.js';
import { alerting } from './migrations/003-alerting.js';
import { governance } from './migrations/004-governance.js';
import { cost } from './migrations/005-cost.js';
import { segments } from './migrations/006-segments.js';
import { coverageHistory } from './migrations/007-coverage-history.js';
import { eventPricing } from './migrations/008-event-pricing.js';
import { segmentWatermark } from './migrations/009-segment-watermark.js';
import { eventBlocks } from './migrations/010-event-blocks.js';
import { assignedRequestIds } from './migrations/011-assigned-request-ids.js';
import { labelMatches } from './migrations/120-label-matches.js';
import { cardinality } from './migrations/130-cardinality.js';
import { identity } from './migrations/160-identity.js';
import { auditTrail } from './migrations/161-audit-trail.js';
import { piiPolicies } from './migrations/162-pii-policies.js';
import { securitySignals } from './migrations/163-security-signals.js';
import { subjectIndex } from './migrations/164-subject-index.js';
import { retentionPolicies } from './migrations/165-retention-policies.js';
import { exports } from './migrations/170-exports.js';
import { endpointWindows } from './migrations/180-endpoint-windows.js';
import { inbox } from './migrations/181-inbox.js';
import { dashboards } from './migrations/182-dashboards.js';
import { ruleChanges } from './migrations/190-rule-changes.js';
import { reportArchive } from './migrations/191-report-archive.js';
import { infraMetrics } from './migrations/192-infra-metrics.js';
import { infraLinks } from './migrations/193-infra-links.js';
import { genAiClientResources } from './migrations/210-genai-client-resources.js';
import { lateLabels } from './migrations/215-late-labels.js';

export type { Migration };

/**
 * Every schema migration in order. Each feature area owns its file under migrations/ and appends one
 * line here; versions are unique and increasing.
 */
export const SQLITE_MIGRATIONS: Migration[] = [
  foundation,
  modelHealth,
  alerting,
  governance,
  cost,
  segments,
  coverageHistory,
  eventPricing,
  segmentWatermark,
  eventBlocks,
  assignedRequestIds,
  labelMatches,
  cardinality,
  identity,
  auditTrail,
  piiPolicies,
  securitySignals,
  subjectIndex,
  retentionPolicies,
  exports,
  endpointWindows,
  inbox,
  dashboards,
  ruleChanges,
  reportArchive,
  infraMetrics,
  infraLinks,
  genAiClientResources,
  lateLabels,
];
