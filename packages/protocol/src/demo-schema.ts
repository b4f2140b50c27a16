import { Type, type Static } from '@sinclair/typebox';

/** GET /api/v1/demo, registered only by `vigil demo` (404 elsewhere): what the coffee-company demo simulates. */
export const DemoInfo = Type.Object({
  demo: Type.Literal(true),
  models: Type.Array(
    Type.Object({
      model: Type.String(),
      modelType: Type.String(),
      modelVersion: Type.String(),
      endpoints: Type.Array(Type.String()),
    }),
  ),
  startedAt: Type.String({ format: 'date-time' }),
  rate: Type.Number({ description: 'Simulated calls per minute, averaged over a weekday.' }),
  backfillDays: Type.Integer(),
  incidents: Type.Array(
    Type.Object({
      kind: Type.String(),
      model: Type.String(),
      endpoint: Type.String(),
      start: Type.String({ format: 'date-time' }),
      end: Type.String({ format: 'date-time' }),
    }),
    {
      description: 'Simulated incidents of the last 24 hours and the next hour, for checking what the dashboards show.',
    },
  ),
});
export type DemoInfo = Static<typeof DemoInfo>;
