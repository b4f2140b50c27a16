export * from './rule-schema.js';
export * from './rule-parse.js';
export * from './duration.js';
export * from './budget-metrics.js';
export * from './rule-metrics.js';
export * from './security-metrics.js';
