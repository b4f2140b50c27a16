/**
 * A name a model uses, as the cardinality registry records it: the model itself (`name` ''; `keyId` the API
 * key whose request introduced it), one of its endpoints, feature names or error types.
 */
export interface CardinalityName {
  kind: 'model' | 'endpoint' | 'feature' | 'error_type';
  model: string;
  name: string;
  keyId: string | null;
  firstSeenMs: number;
}

export interface CardinalityStore {
  list(): Promise<CardinalityName[]>;
  /** Records names not recorded yet (the others are left as they are). */
  add(names: readonly CardinalityName[]): Promise<void>;
}
