// The alerting stage: rules → evaluation → routing → escalation → channels, plus SLO math.
export * from './rules/index.js';
export * from './slo/index.js';
export * from './evaluation/index.js';
export * from './routing/index.js';
export * from './channels/index.js';
