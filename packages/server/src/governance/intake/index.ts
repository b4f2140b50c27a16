export * from './use-case.js';
export * from './checkpoints.js';
