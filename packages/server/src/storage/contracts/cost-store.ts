import type { BudgetScope } from '@vigil/protocol';

/** One version of one LLM's price. Versions are never edited: a price change appends the next one. */
export interface PriceVersion {
  /** Increasing over the whole table; the "price version" recorded with every estimate. */
  version: number;
  provider: string;
  /** The provider's model name as sent in `llm.requestModel`, e.g. "gpt-4o-mini". */
  model: string;
  /** USD per million input tokens. */
  inputPerMTok: number;
  /** USD per million output tokens. */
  outputPerMTok: number;
  /** Epoch ms from which this version applies (until a later version's validFrom). */
  validFrom: number;
  createdAtMs: number;
  apiKeyName: string | null;
  note: string | null;
}

export type { BudgetScope };

/** A monthly spend budget for one model, use case or team (UTC calendar months). */
export interface Budget {
  scope: BudgetScope;
  /** Model slug, use-case id or team name. */
  target: string;
  monthlyUsd: number;
  updatedAtMs: number;
}

/** The inputs of the executive report's ROI sections, stored as given (validated on write). */
export interface RoiInputsRecord {
  inputs: unknown;
  updatedAtMs: number;
  apiKeyName: string | null;
}

/** Storage contract of cost monitoring and the executive report (implemented in storage/, migration 005). */
export interface CostStore {
  /** Every version, oldest first. */
  listPrices(): Promise<PriceVersion[]>;
  /** Appends the versions in one transaction; resolves with them numbered. */
  addPrices(prices: Array<Omit<PriceVersion, 'version'>>): Promise<PriceVersion[]>;
  listBudgets(): Promise<Budget[]>;
  /** Replaces the whole set in one transaction. */
  replaceBudgets(budgets: Budget[]): Promise<void>;
  getRoiInputs(): Promise<RoiInputsRecord | null>;
  putRoiInputs(record: RoiInputsRecord): Promise<void>;
}
