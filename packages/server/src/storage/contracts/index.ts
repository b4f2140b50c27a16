// Every storage contract and the records it keeps; `Store` (store.ts) states the ordering rule backends keep.
export type * from './store.js';
export type * from './event-store.js';
export type * from './rollup-store.js';
export type * from './key-store.js';
export type * from './user-store.js';
export type * from './audit-store.js';
export type * from './cardinality-store.js';
export type * from './reference-store.js';
export type * from './alerting-store.js';
export type * from './governance-store.js';
export type * from './cost-store.js';
export type * from './cluster-store.js';
export type * from './inbox-store.js';
export type * from './dashboard-store.js';
export type * from './rule-change-store.js';
export type * from './report-archive-store.js';
export type * from './export-store.js';
