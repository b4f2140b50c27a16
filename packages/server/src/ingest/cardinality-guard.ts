import type { CardinalityName, EventRecord } from '../storage/index.js';

/** The limits the guard enforces (config: maxModels, maxModelsPerKey, …; docs/events.md, "Cardinality"). */
export interface CardinalityLimits {
  maxModels: number;
  maxModelsPerKey: number;
  maxEndpointsPerModel: number;
  maxFeaturesPerModel: number;
  maxErrorTypesPerModel: number;
}

/** The name an error type past `maxErrorTypesPerModel` is counted under in the rollups and /metrics. */
export const OTHER_ERROR_TYPE = '(other)';

/** Each limit's setting, for messages that say what to raise. */
const SETTING: Record<keyof CardinalityLimits, string> = {
  maxModels: 'maxModels (VIGIL_MAX_MODELS)',
  maxModelsPerKey: 'maxModelsPerKey (VIGIL_MAX_MODELS_PER_KEY)',
  maxEndpointsPerModel: 'maxEndpointsPerModel (VIGIL_MAX_ENDPOINTS_PER_MODEL)',
  maxFeaturesPerModel: 'maxFeaturesPerModel (VIGIL_MAX_FEATURES_PER_MODEL)',
  maxErrorTypesPerModel: 'maxErrorTypesPerModel (VIGIL_MAX_ERROR_TYPES_PER_MODEL)',
};

interface ModelNames {
  endpoints: Set<string>;
  features: Set<string>;
  errorTypes: Set<string>;
}

export interface CardinalityStats {
  limits: CardinalityLimits;
  models: number;
  /** The largest count among models (keys), with who holds it: how close the busiest one is to its limit. */
  busiest: {
    modelsPerKey: { keyId: string | null; count: number };
    endpointsPerModel: { model: string | null; count: number };
    featuresPerModel: { model: string | null; count: number };
    errorTypesPerModel: { model: string | null; count: number };
  };
  /** Events refused since start, per limit. */
  rejected: Record<'maxModels' | 'maxModelsPerKey' | 'maxEndpointsPerModel' | 'maxFeaturesPerModel', number>;
  /** Error types counted as "(other)" since start. */
  foldedErrorTypes: number;
}

/**
 * Caps the names a client can make Vigil keep: models (per deployment and per API key), endpoints and feature
 * names per model — an event that would add one past its limit is refused with VIGIL_ERR_CARDINALITY_LIMIT —
 * and error types per model, where a new one past the limit is counted as "(other)" (the call and its error
 * still count; only the breakdown by type is folded). Every new name is kept in `pending` until the pipeline
 * writes it to the store (before the events that use it), so limits hold across restarts.
 *
 * @example
 *   const verdict = guard.admit(record, req.apiKey.id, Date.now());
 *   if (verdict) reject(verdict); // "model: "m-70001" would be model 1,001; …"
 */
export class CardinalityGuard {
  private readonly models = new Map<string, ModelNames>();
  private readonly modelsPerKey = new Map<string, number>();
  private pending: CardinalityName[] = [];
  private readonly rejected: CardinalityStats['rejected'] = {
    maxModels: 0,
    maxModelsPerKey: 0,
    maxEndpointsPerModel: 0,
    maxFeaturesPerModel: 0,
  };
  private foldedErrorTypes = 0;

  constructor(private readonly limits: CardinalityLimits) {}

  /** Loads the registry as stored (at start-up). Names past a lowered limit stay: they already exist. */
  seed(names: readonly CardinalityName[]): void {
    for (const n of names) {
      const m = this.namesOf(n.model);
      if (n.kind === 'model') {
        if (n.keyId !== null) this.modelsPerKey.set(n.keyId, (this.modelsPerKey.get(n.keyId) ?? 0) + 1);
      } else if (n.kind === 'endpoint') m.endpoints.add(n.name);
      else if (n.kind === 'feature') m.features.add(n.name);
      else m.errorTypes.add(n.name);
    }
  }

  /**
   * Admits one valid event: null when it fits (its new names are registered and an error type past the limit
   * is folded into "(other)" on `record.errorType`), else the message naming the limit it would pass.
   */
  admit(record: EventRecord, keyId: string | null, nowMs: number): string | null {
    const { model } = record;
    const known = this.models.get(model);
    const l = this.limits;
    if (!known) {
      if (this.models.size >= l.maxModels)
        return this.refuse('maxModels', `model: "${model}" would be model ${this.models.size + 1}`);
      if (keyId !== null && (this.modelsPerKey.get(keyId) ?? 0) >= l.maxModelsPerKey)
        return this.refuse(
          'maxModelsPerKey',
          `model: "${model}" would be model ${l.maxModelsPerKey + 1} introduced by this API key`,
        );
    }
    const endpoint = record.endpoint;
    const isNewEndpoint = endpoint !== null && !known?.endpoints.has(endpoint);
    if (isNewEndpoint && (known?.endpoints.size ?? 0) >= l.maxEndpointsPerModel)
      return this.refuse(
        'maxEndpointsPerModel',
        `endpoint: "${cut(endpoint)}" would be endpoint ${l.maxEndpointsPerModel + 1} of model "${model}"`,
      );
    const newFeatures: string[] = [];
    for (const name in record.event.features) if (!known?.features.has(name)) newFeatures.push(name);
    if (newFeatures.length > 0 && (known?.features.size ?? 0) + newFeatures.length > l.maxFeaturesPerModel)
      return this.refuse(
        'maxFeaturesPerModel',
        `features.${cut(newFeatures[0]!)}: would take model "${model}" past ${l.maxFeaturesPerModel} feature names`,
      );

    const names = known ?? this.namesOf(model);
    const add = (kind: CardinalityName['kind'], name: string, key: string | null = null) =>
      this.pending.push({ kind, model, name, keyId: key, firstSeenMs: nowMs });
    if (!known) {
      add('model', '', keyId);
      if (keyId !== null) this.modelsPerKey.set(keyId, (this.modelsPerKey.get(keyId) ?? 0) + 1);
    }
    if (isNewEndpoint) {
      names.endpoints.add(endpoint);
      add('endpoint', endpoint);
    }
    for (const f of newFeatures) {
      names.features.add(f);
      add('feature', f);
    }
    const errorType = record.errorType;
    if (errorType !== null && !names.errorTypes.has(errorType)) {
      if (names.errorTypes.size >= l.maxErrorTypesPerModel) {
        record.errorType = OTHER_ERROR_TYPE;
        this.foldedErrorTypes++;
      } else {
        names.errorTypes.add(errorType);
        add('error_type', errorType);
      }
    }
    return null;
  }

  /** The names registered since the last call, to write to the store before the events that use them. */
  takePending(): CardinalityName[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Puts back names whose write failed, so the next batch writes them (they stay admitted in memory). */
  restorePending(names: readonly CardinalityName[]): void {
    this.pending.unshift(...names);
  }

  stats(): CardinalityStats {
    const busiest: CardinalityStats['busiest'] = {
      modelsPerKey: { keyId: null, count: 0 },
      endpointsPerModel: { model: null, count: 0 },
      featuresPerModel: { model: null, count: 0 },
      errorTypesPerModel: { model: null, count: 0 },
    };
    for (const [keyId, count] of this.modelsPerKey)
      if (count > busiest.modelsPerKey.count) busiest.modelsPerKey = { keyId, count };
    for (const [model, n] of this.models) {
      if (n.endpoints.size > busiest.endpointsPerModel.count)
        busiest.endpointsPerModel = { model, count: n.endpoints.size };
      if (n.features.size > busiest.featuresPerModel.count)
        busiest.featuresPerModel = { model, count: n.features.size };
      if (n.errorTypes.size > busiest.errorTypesPerModel.count)
        busiest.errorTypesPerModel = { model, count: n.errorTypes.size };
    }
    return {
      limits: { ...this.limits },
      models: this.models.size,
      busiest,
      rejected: { ...this.rejected },
      foldedErrorTypes: this.foldedErrorTypes,
    };
  }

  private namesOf(model: string): ModelNames {
    let m = this.models.get(model);
    if (!m) this.models.set(model, (m = { endpoints: new Set(), features: new Set(), errorTypes: new Set() }));
    return m;
  }

  private refuse(limit: keyof CardinalityStats['rejected'], what: string): string {
    this.rejected[limit]++;
    return `${what}; the limit is ${this.limits[limit].toLocaleString('en-US')} (${SETTING[limit]}; docs/events.md, "Cardinality")`;
  }
}

function cut(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}
