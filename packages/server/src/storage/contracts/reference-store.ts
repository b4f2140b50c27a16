/** A model's reference baseline as stored: a profile merged from a window of its traffic, or of an uploaded dataset. */
export interface ReferenceRecord {
  model: string;
  source: 'window' | 'dataset';
  windowFrom: number | null;
  windowTo: number | null;
  rows: number;
  /** `serialiseProfile` bytes. */
  profile: Uint8Array;
  createdAtMs: number;
  /**
   * For a window reference: each endpoint's rows and the columns it sent in that window (features by name,
   * outputs as `output:<name>`), so quality checks judge a feature's missing rate only over the endpoints that
   * send it. Null for datasets.
   */
  endpointFeatures?: Record<string, { rows: number; columns: string[] }> | null;
}

export interface ReferenceStore {
  /** Stores the model's reference, replacing any previous one. */
  put(reference: ReferenceRecord): Promise<void>;
  get(model: string): Promise<ReferenceRecord | null>;
  delete(model: string): Promise<boolean>;
}
