// The governance services over the store: use cases and intake, the scorecard and its coverage job, cost, the report.
export * from './governance-service.js';
export * from './use-case-service.js';
export * from './scorecard-service.js';
export * from './coverage-snapshot-job.js';
export * from './cost-service.js';
export * from './report-service.js';
export * from './scheduled-report-service.js';
export * from './report-pdf.js';
