// Governance: AI use-case intake, go-live checkpoints, ROI and success metrics. Pure: facts in, results out.
export * from './roi/index.js';
export * from './intake/index.js';
export type { GovernanceStore } from '../storage/contracts/governance-store.js';
export * from './scorecard/index.js';
