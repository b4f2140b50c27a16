// The use-case form's text fields ↔ the API's UseCaseInput (docs/governance.md "Use cases").
import type { UseCase, UseCaseInput } from '@vigil/protocol';

export interface UseCaseForm {
  id: string;
  name: string;
  description: string;
  ownerTeam: string;
  models: string;
  endpoints: string;
  isLlm: '' | 'yes' | 'no';
  revenueAtStake: string;
  isCustomerFacing: boolean;
  hasBusinessImpact: boolean;
  expectedQps: string;
  latencyLimitMs: string;
  /** '' = not answered; 'n/a' = not applicable; else a number 0..1. */
  accuracyThreshold: string;
  hasCompliance: boolean;
  personalData: boolean;
  gdpr: boolean;
  pci: boolean;
  riskTier: '' | 'low' | 'medium' | 'high' | 'critical';
}

export const EMPTY_USE_CASE: UseCaseForm = {
  id: '',
  name: '',
  description: '',
  ownerTeam: '',
  models: '',
  endpoints: '',
  isLlm: '',
  revenueAtStake: '',
  isCustomerFacing: false,
  hasBusinessImpact: false,
  expectedQps: '',
  latencyLimitMs: '',
  accuracyThreshold: '',
  hasCompliance: false,
  personalData: false,
  gdpr: false,
  pci: false,
  riskTier: '',
};

export function formFromUseCase(u: UseCase): UseCaseForm {
  return {
    id: u.id,
    name: u.name,
    description: u.description ?? '',
    ownerTeam: u.ownerTeam,
    models: u.models.join(', '),
    endpoints: u.endpoints.join('\n'),
    isLlm: u.isLlm === null ? '' : u.isLlm ? 'yes' : 'no',
    revenueAtStake: u.businessImpact ? String(u.businessImpact.revenueAtStakeUsdPerHour) : '',
    isCustomerFacing: u.businessImpact?.isCustomerFacing ?? false,
    hasBusinessImpact: u.businessImpact !== null,
    expectedQps: u.expectedQps === null ? '' : String(u.expectedQps),
    latencyLimitMs: u.latencyLimitMs === null ? '' : String(u.latencyLimitMs),
    accuracyThreshold: !u.isAccuracyAnswered ? '' : u.accuracyThreshold === null ? 'n/a' : String(u.accuracyThreshold),
    hasCompliance: u.compliance !== null,
    personalData: u.compliance?.personalData ?? false,
    gdpr: u.compliance?.gdpr ?? false,
    pci: u.compliance?.pci ?? false,
    riskTier: u.isRiskTierDeclared ? u.riskTier : '',
  };
}

const list = (s: string, sep: RegExp) =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);
/** A typed number, NaN when it cannot be read (the page refuses it, naming the field). */
const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));

/** The body to send; numbers that cannot be read stay NaN for the page to refuse. */
export function useCaseBody(f: UseCaseForm, isNew: boolean): UseCaseInput {
  const body: UseCaseInput = {
    name: f.name.trim(),
    ownerTeam: f.ownerTeam.trim(),
    models: list(f.models, /[,\s]+/),
    endpoints: list(f.endpoints, /[\n,]/),
  };
  if (isNew && f.id.trim()) body.id = f.id.trim();
  if (f.description.trim()) body.description = f.description.trim();
  if (f.isLlm) body.isLlm = f.isLlm === 'yes';
  if (f.hasBusinessImpact || f.revenueAtStake.trim())
    body.businessImpact = {
      revenueAtStakeUsdPerHour: num(f.revenueAtStake) ?? 0,
      isCustomerFacing: f.isCustomerFacing,
    };
  const qps = num(f.expectedQps);
  if (qps !== undefined) body.expectedQps = qps;
  const latency = num(f.latencyLimitMs);
  if (latency !== undefined) body.latencyLimitMs = latency;
  if (f.accuracyThreshold.trim() === 'n/a') body.accuracyThreshold = null;
  else if (f.accuracyThreshold.trim()) body.accuracyThreshold = Number(f.accuracyThreshold.trim());
  if (f.hasCompliance) body.compliance = { personalData: f.personalData, gdpr: f.gdpr, pci: f.pci };
  if (f.riskTier) body.riskTier = f.riskTier;
  return body;
}
