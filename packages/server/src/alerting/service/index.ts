// The impure wiring of alerting: storage contract, rollup metric source, scheduler, incidents, deliveries.
export * from '../../storage/contracts/alerting-store.js';
export * from './alerting-service.js';
export * from './alerting-scheduler.js';
export * from '../../incidents/service/incident-manager.js';
export * from './delivery-dispatcher.js';
export * from './rollup-metric-source.js';
export * from './model-health-metric-source.js';
export * from './budget-metric-source.js';
export * from '../../incidents/service/daily-digest-job.js';
export * from './rule-preview.js';
export * from './slo-status.js';
export * from './rule-diff.js';
