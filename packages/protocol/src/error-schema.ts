import { Type, type Static } from '@sinclair/typebox';

/** The one wire shape of every error Vigil returns. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable code from docs/errors.md, e.g. VIGIL_ERR_VALIDATION.' }),
    error: Type.String({ description: 'HTTP reason phrase.' }),
    message: Type.String({ description: 'What went wrong and how to fix it.' }),
    details: Type.Optional(Type.Unknown()),
    requestId: Type.String({ description: 'Correlates with the server log.' }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;
