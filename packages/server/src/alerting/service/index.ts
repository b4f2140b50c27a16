// The impure wiring of alerting: rollup metric source, scheduler, deliveries, rule preview, SLO status.
export * from './alert-rounds.js';
export * from './alerting-service.js';
export * from './alerting-scheduler.js';
export * from './delivery-dispatcher.js';
export * from './rollup-metric-source.js';
export * from './model-health-metric-source.js';
export * from './budget-metric-source.js';
export * from './rule-preview.js';
export * from './slo-status.js';
export * from './rule-diff.js';
export * from './cell-index.js';
export * from './cell-index-loader.js';
export * from './inbox-service.js';
export * from './rule-history.js';
export * from './security-metric-source.js';
