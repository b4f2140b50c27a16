import type { ModelRecord } from './contracts/index.js';

/** A row of `model_endpoints`: one model, endpoint and version, and when it was first and last seen. */
export interface ModelEndpointRow {
  model: string;
  endpoint: string;
  model_version: string;
  model_type: string | null;
  first_seen: number;
  last_seen: number;
}

/** The models of `model_endpoints` rows (ordered by model): their versions, endpoints and sightings in row order. */
export function modelsOfEndpointRows(rows: readonly ModelEndpointRow[]): ModelRecord[] {
  const byModel = new Map<string, ModelRecord>();
  for (const r of rows) {
    let m = byModel.get(r.model);
    if (!m) {
      m = {
        model: r.model,
        modelType: r.model_type,
        versions: [],
        endpoints: [],
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
        sightings: [],
      };
      byModel.set(r.model, m);
    }
    m.sightings.push({
      endpoint: r.endpoint,
      version: r.model_version,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
    });
    if (r.model_type) m.modelType = r.model_type;
    if (r.model_version && !m.versions.includes(r.model_version)) m.versions.push(r.model_version);
    if (!m.endpoints.includes(r.endpoint)) m.endpoints.push(r.endpoint);
    m.firstSeen = Math.min(m.firstSeen, r.first_seen);
    m.lastSeen = Math.max(m.lastSeen, r.last_seen);
  }
  return [...byModel.values()];
}
