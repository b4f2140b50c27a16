export * from './rule-tuning-stats.js';
export * from './tuning-candidates.js';
export * from './tuning-replay.js';
