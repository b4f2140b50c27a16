export * from './escalation-machine.js';
export * from './incident-metrics.js';
