import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';

// People, roles, sessions, API keys and the audit trail (docs/identity.md).

/** The roles of the deck: each is a set of permissions per action (server: identity/permissions.ts). */
export const ROLES = ['devops', 'data-science', 'infosec', 'business', 'executive', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** API-key scopes: `ingest` (optionally only for listed models or use cases), `read`, `admin`. */
export const KEY_SCOPES = ['ingest', 'read', 'admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

const literals = <T extends readonly string[]>(values: T, description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  ) as unknown as TUnion<TLiteral<T[number]>[]>;

export const RoleSchema = literals(ROLES, 'A role from the deck.');
export const KeyScopeSchema = literals(KEY_SCOPES, 'What the key may do.');

const Username = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[A-Za-z0-9._@+-]+$',
  description: 'Login name: letters, digits and . _ @ + -',
});
const TeamName = Type.String({ minLength: 1, maxLength: 100 });

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleSchema),
  teams: Type.Array(Type.String(), { description: 'RACI teams (and their rotations) the person belongs to.' }),
  isDisabled: Type.Boolean(),
  source: Type.Union([Type.Literal('local'), Type.Literal('oidc')]),
  createdAt: Type.String({ format: 'date-time' }),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type UserView = Static<typeof UserView>;

export const UserInput = Type.Object(
  {
    username: Username,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320, format: 'email' })),
    password: Type.Optional(
      Type.String({ minLength: 12, maxLength: 256, description: 'At least 12 characters; omit for SSO-only people.' }),
    ),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 7 }),
    teams: Type.Optional(Type.Array(TeamName, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type UserInput = Static<typeof UserInput>;

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320, format: 'email' })),
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 256 })),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 7 })),
    teams: Type.Optional(Type.Array(TeamName, { maxItems: 50 })),
    isDisabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserPatch = Static<typeof UserPatch>;

export const UserList = Type.Object({ users: Type.Array(UserView) });
export type UserList = Static<typeof UserList>;
export const UserOne = Type.Object({ user: UserView });
export type UserOne = Static<typeof UserOne>;

export const LoginBody = Type.Union(
  [
    Type.Object(
      {
        username: Type.String({ minLength: 1, maxLength: 100 }),
        password: Type.String({ minLength: 1, maxLength: 256 }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { apiKey: Type.String({ minLength: 1, maxLength: 200, description: 'Sign in with an admin or read API key.' }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'A person signs in with a password; an operator may sign in with an admin or read API key.' },
);
export type LoginBody = Static<typeof LoginBody>;

export const SessionView = Type.Object({
  principal: Type.Object({
    kind: Type.Union([Type.Literal('user'), Type.Literal('key')]),
    id: Type.String(),
    name: Type.String(),
    roles: Type.Array(RoleSchema),
    teams: Type.Array(Type.String()),
    permissions: Type.Array(Type.String(), { description: 'Actions this principal may take.' }),
  }),
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'Send it back as the x-csrf-token header on every write over the session (null for a Bearer key).',
  }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type SessionView = Static<typeof SessionView>;

export const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: KeyScopeSchema,
  models: Type.Array(Type.String(), { description: 'For ingest keys: only these models (empty: any).' }),
  useCases: Type.Array(Type.String(), { description: "For ingest keys: only these use cases' models (empty: any)." }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedFrom: Type.Union([Type.String(), Type.Null()]),
  rotatedFrom: Type.Union([Type.String(), Type.Null()]),
});
export type ApiKeyView = Static<typeof ApiKeyView>;

export const ApiKeyInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scope: KeyScopeSchema,
    models: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200 })),
    useCases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200 })),
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3650, description: 'Days until the key stops working; omit: never.' }),
    ),
  },
  { additionalProperties: false },
);
export type ApiKeyInput = Static<typeof ApiKeyInput>;

export const ApiKeyList = Type.Object({ keys: Type.Array(ApiKeyView) });
export type ApiKeyList = Static<typeof ApiKeyList>;
export const ApiKeyCreated = Type.Object({
  key: ApiKeyView,
  secret: Type.String({ description: 'The key itself, shown once: Vigil keeps only its hash.' }),
});
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;
export const KeyRotateBody = Type.Object(
  {
    graceMinutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10_080,
        default: 0,
        description: 'Minutes the old key keeps working so senders can switch (0: revoked now).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const AuditRecord = Type.Object({
  seq: Type.Integer({ description: 'Position in the chain, from 1.' }),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: 'user:<name>, key:<name>, system or anonymous.' }),
  action: Type.String({ description: 'e.g. login, login_failed, user.created, key.rotated, PUT /api/v1/channels/:id' }),
  target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  prevHash: Type.String(),
  hash: Type.String({ description: 'SHA-256 over the previous hash and this entry (hex).' }),
});
export type AuditRecord = Static<typeof AuditRecord>;
export const AuditTrailList = Type.Object({ entries: Type.Array(AuditRecord) });
export type AuditTrailList = Static<typeof AuditTrailList>;
export const AuditVerifyResult = Type.Object({
  isIntact: Type.Boolean(),
  checked: Type.Integer(),
  firstBad: Type.Union([Type.Object({ seq: Type.Integer(), reason: Type.String() }), Type.Null()]),
});
export type AuditVerifyResult = Static<typeof AuditVerifyResult>;

/** Claim value → role or team, e.g. members of the IdP group "ml-platform" get role data-science. */
const RoleMapping = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema },
  { additionalProperties: false },
);
const TeamMapping = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 200 }), team: TeamName },
  { additionalProperties: false },
);

const oidcFields = {
  enabled: Type.Boolean({ description: 'Show "Sign in with <provider>" and accept its logins.' }),
  providerName: Type.String({ minLength: 1, maxLength: 60, description: 'Shown on the login button.' }),
  issuerUrl: Type.String({
    minLength: 8,
    maxLength: 500,
    description: 'The OpenID Provider (its /.well-known/openid-configuration is read); https.',
  }),
  clientId: Type.String({ minLength: 1, maxLength: 200 }),
  redirectUrl: Type.String({
    minLength: 8,
    maxLength: 500,
    description: "This server's callback as registered at the provider: https://<vigil>/auth/oidc/callback.",
  }),
  scopes: Type.String({ minLength: 6, maxLength: 300, description: 'Space-separated; must include openid.' }),
  rolesClaim: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'The claim whose values are mapped (e.g. groups), from the ID token or userinfo.',
  }),
  roleMap: Type.Array(RoleMapping, { maxItems: 100 }),
  teamMap: Type.Array(TeamMapping, { maxItems: 100 }),
  defaultRole: Type.Union([RoleSchema, Type.Null()], {
    description: 'Role of a person whose claims map to none; null: such people are refused.',
  }),
  signOutAtProvider: Type.Optional(
    Type.Boolean({
      description:
        "Log out also ends the person's session at the provider (OpenID RP-initiated logout through its end_session_endpoint); register https://<vigil>/ as a post-logout redirect URI there. Default false.",
    }),
  ),
};

export const OidcSettingsView = Type.Object({
  ...oidcFields,
  clientSecret: Type.Union([Type.String(), Type.Null()], {
    description: 'Only its last 4 characters ("••••abcd"); null when none is stored.',
  }),
});
export type OidcSettingsView = Static<typeof OidcSettingsView>;
export const OidcSettingsAnswer = Type.Object({ settings: Type.Union([OidcSettingsView, Type.Null()]) });
export type OidcSettingsAnswer = Static<typeof OidcSettingsAnswer>;

export const OidcSettingsInput = Type.Object(
  {
    ...oidcFields,
    clientSecret: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: 'Omit to keep the stored one.' }),
    ),
  },
  { additionalProperties: false },
);
export type OidcSettingsInput = Static<typeof OidcSettingsInput>;

/** What the login page needs: whether single sign-on is on and the provider's name. */
export const OidcLoginInfo = Type.Object({
  enabled: Type.Boolean(),
  providerName: Type.Union([Type.String(), Type.Null()]),
  loginUrl: Type.Union([Type.String(), Type.Null()]),
});
export type OidcLoginInfo = Static<typeof OidcLoginInfo>;
