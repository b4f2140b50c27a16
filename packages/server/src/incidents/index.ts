// Incidents: alert groups become incidents, routed and escalated until someone acknowledges and resolves them;
// incident metrics (MTTA, MTTR) and the per-team daily digest. The pure parts are escalation/ and digest/;
// service/ reads and writes the store and delivers through alerting's channels.
export * from './escalation/index.js';
export * from './digest/daily-digest.js';
export * from './tuning/index.js';
export * from './service/index.js';
