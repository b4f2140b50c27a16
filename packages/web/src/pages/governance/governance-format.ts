import type { UseCaseStage } from '@vigil/protocol';

// Labels of the governance pages, shared with the browser test.

export const STAGES: readonly UseCaseStage[] = [
  'requirements',
  'development',
  'production_readiness',
  'production',
  'retired',
];

export const STAGE_LABELS: Record<UseCaseStage, string> = {
  requirements: 'Requirements',
  development: 'Development',
  production_readiness: 'Production readiness',
  production: 'Production',
  retired: 'Retired',
};

export const PHASE_LABELS: Record<string, string> = {
  requirements: 'Phase 1 — requirements',
  development: 'Phase 2 — development integration',
  production_readiness: 'Phase 3 — production readiness',
};
