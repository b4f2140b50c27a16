// Governance: AI use-case intake, go-live checkpoints, ROI, success metrics, cost and the executive report.
// The pure parts (intake/, roi/, scorecard/, cost/, report/) take facts and return results; service/ reads the store.
export * from './roi/index.js';
export * from './intake/index.js';
export * from './scorecard/index.js';
export * from './scheduled-report/index.js';
export * from './service/index.js';
export * from './privacy/pii-policy-service.js';
