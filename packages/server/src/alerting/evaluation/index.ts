export * from './metric-source.js';
export * from './alert-fingerprint.js';
export * from './rule-conditions.js';
export * from './alert-state.js';
export * from './notification-grouper.js';
export * from './silence-matcher.js';
export * from './maintenance-window.js';
export * from './mute-check.js';
