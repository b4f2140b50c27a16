import { Type, type Static } from '@sinclair/typebox';
import { DurationSchema, MonitoringAreaSchema } from './alert-rule-schema.js';

// Wire shapes of silences and maintenance windows (docs/alerting.md "Silences and maintenance windows").
// Times are epoch ms.

export const LabelMatcherSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    op: Type.Union([Type.Literal('='), Type.Literal('!='), Type.Literal('=~'), Type.Literal('!~')]),
    value: Type.String({ description: 'Literal value, or a regular expression anchored at both ends for =~ and !~.' }),
  },
  { additionalProperties: false },
);
export type LabelMatcher = Static<typeof LabelMatcherSchema>;

export const SilenceSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    matchers: Type.Array(LabelMatcherSchema, { minItems: 1 }),
    startsAt: Type.Number({ description: 'Epoch ms, inclusive.' }),
    endsAt: Type.Number({ description: 'Epoch ms, exclusive.' }),
    createdBy: Type.Optional(Type.String()),
    comment: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Silence = Static<typeof SilenceSchema>;

/** A body that may leave the id out: creating without one assigns a random id. */
const withOptionalId = <T extends typeof SilenceSchema | typeof MaintenanceWindowSchema>(schema: T) =>
  Type.Composite([Type.Omit(schema, ['id']), Type.Object({ id: Type.Optional(Type.String({ minLength: 1 })) })]);

/** POST /silences, PUT /silences/:id. */
export const SilenceBody = withOptionalId(SilenceSchema);
export type SilenceBody = Static<typeof SilenceBody>;
export const SilenceList = Type.Object({ silences: Type.Array(SilenceSchema) });
export type SilenceList = Static<typeof SilenceList>;
export const SilenceOne = Type.Object({ silence: SilenceSchema });
export type SilenceOne = Static<typeof SilenceOne>;

export const MaintenanceWindowSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    scope: Type.Object(
      {
        models: Type.Optional(
          Type.Array(Type.String(), { description: 'Applies to these models; every model when absent.' }),
        ),
        areas: Type.Optional(
          Type.Array(MonitoringAreaSchema, { description: 'Applies to these areas; every area when absent.' }),
        ),
      },
      { additionalProperties: false },
    ),
    schedule: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('once'),
          startsAt: Type.Number({ description: 'Epoch ms, inclusive.' }),
          endsAt: Type.Number({ description: 'Epoch ms, exclusive.' }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          kind: Type.Literal('weekly'),
          weekdays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
            minItems: 1,
            description: '0 = Sunday … 6 = Saturday, UTC.',
          }),
          startTime: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, UTC.' }),
          duration: DurationSchema,
          activeFrom: Type.Optional(Type.Number({ description: 'First day the recurrence applies (epoch ms).' })),
          activeUntil: Type.Optional(Type.Number({ description: 'No occurrence starts at or after this (epoch ms).' })),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);
export type MaintenanceWindow = Static<typeof MaintenanceWindowSchema>;
export type MaintenanceSchedule = MaintenanceWindow['schedule'];

/** POST /maintenance-windows, PUT /maintenance-windows/:id. */
export const MaintenanceWindowBody = withOptionalId(MaintenanceWindowSchema);
export type MaintenanceWindowBody = Static<typeof MaintenanceWindowBody>;
export const MaintenanceWindowList = Type.Object({ maintenanceWindows: Type.Array(MaintenanceWindowSchema) });
export type MaintenanceWindowList = Static<typeof MaintenanceWindowList>;
export const MaintenanceWindowOne = Type.Object({ maintenanceWindow: MaintenanceWindowSchema });
export type MaintenanceWindowOne = Static<typeof MaintenanceWindowOne>;
