import { Type, type Static } from '@sinclair/typebox';
import { MonitoringAreaSchema } from './alert-rule-schema.js';

// Wire shape of the responsibility (RACI) matrix: which team holds which role in each monitoring area.

export const RACI_ROLES = ['PRIMARY', 'SUPPORT', 'CONSULT', 'REVIEW', 'ACCOUNTABLE', 'INFORMED'] as const;
export type RaciRole = (typeof RACI_ROLES)[number];

export const RaciRoleSchema = Type.Union(RACI_ROLES.map((r) => Type.Literal(r)));

/** area → team → role. A team absent from an area has no role there. */
export const RaciMatrixSchema = Type.Array(
  Type.Object(
    { area: MonitoringAreaSchema, roles: Type.Record(Type.String({ minLength: 1 }), RaciRoleSchema) },
    { additionalProperties: false },
  ),
  { description: 'One row per monitoring area: team name → RACI role.' },
);
export type RaciRow = Static<typeof RaciMatrixSchema>[number];

/** GET /raci, and the body and answer of PUT /raci. */
export const RaciRows = Type.Object({ rows: RaciMatrixSchema });
export type RaciRows = Static<typeof RaciRows>;
/** PUT /raci: every area needs exactly one PRIMARY team. */
export const RaciBody = Type.Object({ rows: RaciMatrixSchema }, { additionalProperties: false });
export type RaciBody = Static<typeof RaciBody>;
