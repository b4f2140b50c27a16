import { Type, type Static } from '@sinclair/typebox';

/** The kinds of personal data Vigil finds in events before it stores them (docs/privacy.md). */
export const PiiKind = Type.Union(
  [
    Type.Literal('email'),
    Type.Literal('phone'),
    Type.Literal('ssn'),
    Type.Literal('iban'),
    Type.Literal('ip'),
    Type.Literal('card'),
  ],
  { description: 'e-mail address, phone number, US SSN, IBAN (mod-97 checked), IPv4/IPv6 address, payment card.' },
);
export type PiiKind = Static<typeof PiiKind>;

/**
 * What happens to a finding: `keep` it as sent; `mask` it (`j***@example.com`, `***-**-6789`); replace it by a
 * typed `token` (`[EMAIL]`); `hash` it (`[EMAIL:1f3a…]`, a keyed HMAC-SHA-256 of the normalised value, so equal
 * values still join); `drop` the feature or tag that holds it (LLM text: the whole prompt or response).
 */
export const PiiAction = Type.Union(
  [Type.Literal('keep'), Type.Literal('mask'), Type.Literal('token'), Type.Literal('hash'), Type.Literal('drop')],
  { description: 'keep | mask | token | hash | drop' },
);
export type PiiAction = Static<typeof PiiAction>;

export const PiiPolicy = Type.Object(
  {
    actions: Type.Object(
      {
        email: Type.Optional(PiiAction),
        phone: Type.Optional(PiiAction),
        ssn: Type.Optional(PiiAction),
        iban: Type.Optional(PiiAction),
        ip: Type.Optional(PiiAction),
        card: Type.Optional(PiiAction),
      },
      { additionalProperties: false, description: 'The action per kind; a kind left out is kept as sent.' },
    ),
    fields: Type.Object(
      {
        features: Type.Boolean({ description: 'String values of `features`.' }),
        tags: Type.Boolean({ description: 'Values of `tags`.' }),
        llmText: Type.Boolean({ description: '`llm.prompt` and `llm.response`.' }),
      },
      { additionalProperties: false, description: 'Where the policy looks.' },
    ),
  },
  { additionalProperties: false },
);
export type PiiPolicy = Static<typeof PiiPolicy>;

/** A stored policy: the default (`useCase` null) or a use case's, which its models' events follow. */
export const PiiPolicyView = Type.Object({
  useCase: Type.Union([Type.String(), Type.Null()], { description: 'The use case id; null for the default.' }),
  useCaseName: Type.Union([Type.String(), Type.Null()]),
  models: Type.Array(Type.String(), { description: "The use case's models (empty for the default)." }),
  policy: PiiPolicy,
  isBuiltIn: Type.Boolean({ description: 'True for the default when none was saved (card numbers masked only).' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export type PiiPolicyView = Static<typeof PiiPolicyView>;

export const PiiPolicyList = Type.Object({
  default: PiiPolicyView,
  useCases: Type.Array(PiiPolicyView),
});
export type PiiPolicyList = Static<typeof PiiPolicyList>;

/** Try a policy on a text before saving it. */
export const PiiPreviewBody = Type.Object(
  {
    text: Type.String({ maxLength: 10_000, description: 'A sample text, at most 10,000 characters.' }),
    policy: PiiPolicy,
  },
  { additionalProperties: false },
);
export type PiiPreviewBody = Static<typeof PiiPreviewBody>;

export const PiiPreviewResult = Type.Object({
  findings: Type.Array(Type.Object({ kind: PiiKind, start: Type.Integer(), end: Type.Integer() })),
  /** The text as it would be stored; null when the policy drops it. */
  redacted: Type.Union([Type.String(), Type.Null()]),
});
export type PiiPreviewResult = Static<typeof PiiPreviewResult>;
