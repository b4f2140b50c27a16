export * from './exact-ratio.js';
export * from './slo-budget.js';
export * from './burn-rate-alerts.js';
