import type { PiiPolicy } from '@vigil/protocol';

/** A stored personal-data policy: the default (`useCase` null) or one use case's (docs/privacy.md). */
export interface PiiPolicyRecord {
  useCase: string | null;
  policy: PiiPolicy;
  updatedAtMs: number;
  updatedBy: string | null;
}

export interface PiiPolicyStore {
  /** Every stored policy, the default first, then by use case id. */
  list(): Promise<PiiPolicyRecord[]>;
  /** Creates or replaces the policy of `record.useCase` (null: the default). */
  put(record: PiiPolicyRecord): Promise<void>;
  /** Removes a use case's policy (its models then follow the default); false when it had none. */
  delete(useCase: string): Promise<boolean>;
}
