// Incidents: alert groups become incidents, routed and escalated until someone acknowledges and resolves them;
// incident metrics (MTTA, MTTR) and the per-team daily digest. Pure parts in escalation/ and digest/, the
// impure wiring in service/.
export * from './escalation/index.js';
export * from './digest/daily-digest.js';
