import type { RaciRole, RaciRow } from '@vigil/protocol';
import { MONITORING_AREAS, type MonitoringArea } from '../rules/rule-schema.js';

// The RACI wire schema lives in @vigil/protocol (raci-schema.ts).
export { RACI_ROLES, RaciMatrixSchema, RaciRoleSchema, type RaciRole } from '@vigil/protocol';

export type RaciMatrix = Readonly<Record<MonitoringArea, Readonly<Record<string, RaciRole>>>>;

/** PRODUCT.md's default responsibility matrix (from the strategy deck). */
export const DEFAULT_RACI_MATRIX: RaciMatrix = Object.freeze({
  Infrastructure: { DevOps: 'PRIMARY', 'Data Science': 'SUPPORT', InfoSec: 'REVIEW', Business: 'INFORMED' },
  'API Performance': { DevOps: 'PRIMARY', 'Data Science': 'CONSULT', InfoSec: 'REVIEW', Business: 'ACCOUNTABLE' },
  'Model Accuracy': { DevOps: 'SUPPORT', 'Data Science': 'PRIMARY', InfoSec: 'REVIEW', Business: 'ACCOUNTABLE' },
  'Data Quality': { DevOps: 'SUPPORT', 'Data Science': 'PRIMARY', InfoSec: 'CONSULT', Business: 'INFORMED' },
  'Security Events': { DevOps: 'SUPPORT', 'Data Science': 'INFORMED', InfoSec: 'PRIMARY', Business: 'INFORMED' },
  'Cost Monitoring': { DevOps: 'CONSULT', 'Data Science': 'INFORMED', InfoSec: 'INFORMED', Business: 'PRIMARY' },
  Compliance: { DevOps: 'SUPPORT', 'Data Science': 'CONSULT', InfoSec: 'PRIMARY', Business: 'ACCOUNTABLE' },
} satisfies Record<MonitoringArea, Record<string, RaciRole>>);

/**
 * Teams holding `role` in `area`, in matrix order.
 * @example teamsWithRole(DEFAULT_RACI_MATRIX, 'Data Quality', 'SUPPORT') // ['DevOps']
 */
export function teamsWithRole(matrix: RaciMatrix, area: MonitoringArea, role: RaciRole): string[] {
  const row = matrix[area] ?? {};
  return Object.keys(row).filter((team) => row[team] === role);
}

/**
 * Checks that every area has a row with exactly one PRIMARY team. Returns problems; empty when valid.
 * @example validateRaciMatrix(matrix) // []
 */
export function validateRaciMatrix(matrix: RaciMatrix): string[] {
  return MONITORING_AREAS.flatMap((area) => {
    const primaries = teamsWithRole(matrix, area, 'PRIMARY');
    if (!matrix[area]) return [`area "${area}" has no row: add one with a PRIMARY team`];
    return primaries.length === 1 ? [] : [`area "${area}" has ${primaries.length} PRIMARY teams; it needs exactly one`];
  });
}

/** Converts the API/YAML row form ({@link RaciMatrixSchema}) to a matrix. */
export function toRaciMatrix(rows: readonly RaciRow[]): RaciMatrix {
  return Object.fromEntries(rows.map((r) => [r.area, { ...r.roles } as Record<string, RaciRole>])) as RaciMatrix;
}
