// Data subjects (GDPR export and erasure) and retention per use case (docs/gdpr.md).
export { createSubjectService, type SubjectService, type SubjectRequester } from './subject-service.js';
export { createRetentionPolicyService, type RetentionPolicyService } from './retention-policy-service.js';
