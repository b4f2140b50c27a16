// The alerting stage: rules → evaluation → routing → channels, plus SLO math (pure), and service/ (the scheduler
// and deliveries over the store). Incidents, escalation and the daily digest are the next stage (incidents/).
export * from './rules/index.js';
export * from './slo/index.js';
export * from './evaluation/index.js';
export * from './routing/index.js';
export * from './channels/index.js';
export * from './service/index.js';
export type {
  AlertingStore,
  ChannelConfig,
  DeliveryRecord,
  DocumentCollection,
  Incident,
  IncidentQuery,
  SloConfig,
  StoredRule,
  TeamConfig,
  TimelineEntry,
} from '../storage/index.js';
