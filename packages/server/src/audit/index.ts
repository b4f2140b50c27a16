export { createAuditService, type AuditService, type AuditVerification } from './audit-service.js';
export { canonicalJson, hashAuditEntry, verifyAuditPage, GENESIS_HASH } from './audit-chain.js';
export type { AuditChainEntry } from '../storage/index.js';
export { SecuritySignalRecorder, type SecuritySignal } from './security-signal-recorder.js';
