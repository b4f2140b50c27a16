// The impure side of incidents: the incident manager (alert groups → incidents → routing → escalation →
// channels), the daily digest job, and the incident service the API uses.
export * from './incident-manager.js';
export * from './daily-digest-job.js';
export * from './incident-service.js';
export * from './tuning-service.js';
