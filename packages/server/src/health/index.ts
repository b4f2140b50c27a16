// What the dashboard reads about models, computed on request: API health from the rollups (calls, errors,
// latency, cost per model, endpoint and segment) and model health from the hourly windows (drift, quality,
// performance against a reference). Pure statistics live in analysis/; this stage reads the store.
export * from './api-health-service.js';
export * from './model-health-service.js';
export type { HourRange, ReferenceSpec } from './model-health-query.js';
export * from './infra-service.js';
