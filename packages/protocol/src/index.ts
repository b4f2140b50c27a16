export * from './event-schema.js';
export * from './error-schema.js';
export * from './metrics-schema.js';
export * from './governance-schema.js';
export * from './model-health-schema.js';
export * from './alerting-schema.js';
