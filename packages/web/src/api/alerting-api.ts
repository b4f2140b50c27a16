// The option lists of the alerting forms. The wire types live in @vigil/protocol (imported with `import type`
// everywhere); these few arrays are values, so they are listed here and checked against the protocol's unions
// instead of importing the protocol's runtime module (which would bring TypeBox into the bundle).
import type { ChannelKind, Comparator, MonitoringArea, RaciRole, Severity } from '@vigil/protocol';

export const MONITORING_AREAS = [
  'Infrastructure',
  'API Performance',
  'Model Accuracy',
  'Data Quality',
  'Security Events',
  'Cost Monitoring',
  'Compliance',
] as const;
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export const COMPARATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export const RACI_ROLES = ['PRIMARY', 'SUPPORT', 'CONSULT', 'REVIEW', 'ACCOUNTABLE', 'INFORMED'] as const;
export const CHANNEL_KINDS = ['slack', 'teams', 'pagerduty', 'email', 'webhook', 'inbox'] as const;

/** True when the array lists every member of the union `U`, and nothing else. */
type ListsExactly<A extends readonly string[], U extends string> = [A[number]] extends [U]
  ? [U] extends [A[number]]
    ? true
    : false
  : false;
type Assert<T extends true> = T;
// A list that misses or adds a member fails `npm run typecheck` here.
export type OptionListsMatchProtocol = Assert<
  [
    ListsExactly<typeof MONITORING_AREAS, MonitoringArea>,
    ListsExactly<typeof SEVERITIES, Severity>,
    ListsExactly<typeof COMPARATORS, Comparator>,
    ListsExactly<typeof RACI_ROLES, RaciRole>,
    ListsExactly<typeof CHANNEL_KINDS, ChannelKind>,
  ] extends [true, true, true, true, true]
    ? true
    : false
>;
