import * as oidc from 'openid-client';
import type { OidcLoginInfo, OidcSettingsInput, OidcSettingsView, Role } from '@vigil/protocol';
import { VigilError } from '../errors/index.js';
import type { AuditService } from '../audit/index.js';
import type { UserRecord, UserStore } from '../storage/index.js';
import type { IdentityService, NewSession, RequestOrigin } from './identity-service.js';

/** The settings as stored: the client secret sealed (AES-256-GCM, like channel secrets). */
type StoredSettings = Omit<OidcSettingsView, 'clientSecret'> & { clientSecret: string | null };

/** What the browser keeps between the redirect to the provider and the callback (sealed in a cookie). */
interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  expiresAtMs: number;
}

export interface OidcLogin {
  info(): Promise<OidcLoginInfo>;
  readSettings(): Promise<OidcSettingsView | null>;
  writeSettings(input: OidcSettingsInput, by: string, origin: RequestOrigin): Promise<OidcSettingsView>;
  /** The provider URL to send the browser to, and the sealed cookie value that completes it. */
  begin(): Promise<{ url: string; cookie: string }>;
  /**
   * Where to send the browser after Vigil's own session ended so the provider's ends too (RP-initiated logout),
   * or null: the setting is off, or the provider publishes no end_session_endpoint.
   */
  endSessionUrl(): Promise<string | null>;
  /** Exchanges the code (PKCE, state, nonce, iss checked) and signs the person in; refuses disabled people. */
  complete(callbackUrl: URL, cookie: string | undefined, origin: RequestOrigin): Promise<NewSession>;
}

const PENDING_TTL_MS = 10 * 60_000;
export const OIDC_PENDING_COOKIE = 'vigil_oidc';

/** An error's message with its causes ("fetch failed: target refused at delivery: …"). */
function causes(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) parts.push(e.message);
  return parts.join(': ') || String(err);
}

const mask = (secret: string | null) => (secret === null ? null : `••••${secret.slice(-4)}`);

/** Every value of a claim as strings: an array of strings, or one string (some providers send "a b" or "a,b"). */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const v = claims[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The roles and teams the mappings give for these claim values (in mapping order, without repeats). */
export function mapClaims(
  values: readonly string[],
  settings: Pick<OidcSettingsView, 'roleMap' | 'teamMap'>,
): { roles: Role[]; teams: string[] } {
  const has = new Set(values);
  const roles = [...new Set(settings.roleMap.filter((m) => has.has(m.value)).map((m) => m.role))];
  const teams = [...new Set(settings.teamMap.filter((m) => has.has(m.value)).map((m) => m.team))];
  return { roles, teams };
}

/**
 * OpenID Connect single sign-on (authorization code + PKCE, state and nonce) through openid-client. The settings
 * live in the store, so every node of a cluster uses the same; the pending login lives in a sealed cookie, so the
 * callback may land on any node. A person is found by `<issuer> <sub>`, or linked to an account whose username is
 * their e-mail, or created; the role claim's values map to roles and teams at every login.
 * @example const sso = createOidcLogin({ users: store.users, identity, audit, box, allowHttp: false, now });
 */
export function createOidcLogin(deps: {
  users: UserStore;
  identity: IdentityService;
  audit: AuditService;
  box: { seal(plain: string): string; open(stored: string): string };
  /** Plain-http issuers (a provider on loopback in tests); https otherwise. */
  allowHttp: boolean;
  /** Why Vigil must not fetch from this URL (SSRF: metadata, link-local, loopback unless allowed), or null. */
  checkTarget?: (url: string) => Promise<string | null>;
  /**
   * The fetch of every request to the provider (discovery, JWKS, token, userinfo): a guarded one checks the
   * target again at each connection (DNS rebinding), as channel deliveries do.
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  now: () => number;
}): OidcLogin {
  const { users, identity, audit, box, now } = deps;
  let discovered: { key: string; config: Promise<oidc.Configuration> } | null = null;

  async function stored(): Promise<StoredSettings | null> {
    const json = await users.readOidcSettings();
    return json ? (JSON.parse(json) as StoredSettings) : null;
  }

  function discover(s: StoredSettings): Promise<oidc.Configuration> {
    const key = JSON.stringify([s.issuerUrl, s.clientId, s.clientSecret]);
    if (discovered?.key !== key) {
      const options: oidc.DiscoveryRequestOptions = {
        ...(s.issuerUrl.startsWith('http:') && { execute: [oidc.allowInsecureRequests] }),
        // Kept by the configuration for the token, JWKS and userinfo requests too.
        ...(deps.fetch && { [oidc.customFetch]: deps.fetch as oidc.CustomFetch }),
      };
      const secret = s.clientSecret === null ? undefined : box.open(s.clientSecret);
      const config = oidc.discovery(new URL(s.issuerUrl), s.clientId, secret, undefined, options);
      // A failed discovery is not kept: the next login tries again.
      config.catch(() => {
        if (discovered?.key === key) discovered = null;
      });
      discovered = { key, config };
    }
    return discovered.config;
  }

  async function enabled(): Promise<StoredSettings> {
    const s = await stored();
    if (!s?.enabled) throw new VigilError('VIGIL_ERR_NOT_FOUND', 'Single sign-on is not configured');
    return s;
  }

  const refuse = async (origin: RequestOrigin, reason: string, target: string | null = null): Promise<never> => {
    await audit.record({
      actor: target ?? 'anonymous',
      action: 'login_failed',
      target: null,
      outcome: 'failure',
      sourceIp: origin.ip,
      before: null,
      after: { method: 'oidc', reason },
    });
    throw new VigilError('VIGIL_ERR_UNAUTHORIZED', `Single sign-on: ${reason}`);
  };

  function validate(input: OidcSettingsInput): void {
    const url = (field: string, v: string) => {
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        throw new VigilError('VIGIL_ERR_VALIDATION', `body.${field}: not a URL`);
      }
      if (u.protocol !== 'https:' && !(deps.allowHttp && u.protocol === 'http:'))
        throw new VigilError('VIGIL_ERR_VALIDATION', `body.${field}: use an https:// URL`);
    };
    url('issuerUrl', input.issuerUrl);
    url('redirectUrl', input.redirectUrl);
    if (!new URL(input.redirectUrl).pathname.endsWith('/auth/oidc/callback'))
      throw new VigilError('VIGIL_ERR_VALIDATION', 'body.redirectUrl: must end with /auth/oidc/callback');
    if (!input.scopes.split(/\s+/).includes('openid'))
      throw new VigilError('VIGIL_ERR_VALIDATION', 'body.scopes: must include openid');
  }

  return {
    async info() {
      const s = await stored();
      return s?.enabled
        ? { enabled: true, providerName: s.providerName, loginUrl: '/auth/oidc/login' }
        : { enabled: false, providerName: null, loginUrl: null };
    },

    async readSettings() {
      const s = await stored();
      return s ? { ...s, clientSecret: mask(s.clientSecret === null ? null : box.open(s.clientSecret)) } : null;
    },

    async writeSettings(input, by, origin) {
      validate(input);
      // Discovery fetches from the issuer: the same target check as notification channels and exporters.
      const refused = await deps.checkTarget?.(input.issuerUrl);
      if (refused) throw new VigilError('VIGIL_ERR_VALIDATION', `body.issuerUrl: ${refused}`);
      const before = await stored();
      const next: StoredSettings = {
        ...input,
        clientSecret: input.clientSecret !== undefined ? box.seal(input.clientSecret) : (before?.clientSecret ?? null),
      };
      // Discovery now, so a wrong issuer is a clear 400 here rather than a failed login later.
      let config: oidc.Configuration;
      try {
        config = await discover(next);
      } catch (err) {
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.issuerUrl: OpenID discovery at ${input.issuerUrl} failed (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      if (input.signOutAtProvider && !config.serverMetadata().end_session_endpoint)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          'body.signOutAtProvider: the provider publishes no end_session_endpoint (RP-initiated logout); turn it off',
        );
      await users.writeOidcSettings(JSON.stringify(next));
      const view = (s: StoredSettings | null) =>
        s && { ...s, clientSecret: s.clientSecret === null ? null : '[redacted]' };
      await audit.record({
        actor: by,
        action: 'sso.settings_changed',
        target: 'oidc',
        outcome: 'success',
        sourceIp: origin.ip,
        before: view(before),
        after: view(next),
      });
      return (await this.readSettings())!;
    },

    async begin() {
      const s = await enabled();
      let config: oidc.Configuration;
      try {
        config = await discover(s);
      } catch (err) {
        throw new VigilError(
          'VIGIL_ERR_UNAUTHORIZED',
          `Single sign-on: the provider at ${s.issuerUrl} could not be reached (${causes(err)})`,
        );
      }
      const pending: PendingLogin = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
        expiresAtMs: now() + PENDING_TTL_MS,
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: s.redirectUrl,
        scope: s.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, cookie: box.seal(JSON.stringify(pending)) };
    },

    async endSessionUrl() {
      const s = await stored();
      if (!s?.enabled || !s.signOutAtProvider) return null;
      const config = await discover(s);
      if (!config.serverMetadata().end_session_endpoint) return null;
      // No id_token_hint (Vigil keeps no ID token after login): the provider identifies the client by client_id
      // and may ask the person to confirm.
      return oidc.buildEndSessionUrl(config, {
        client_id: s.clientId,
        post_logout_redirect_uri: new URL('/', s.redirectUrl).href,
      }).href;
    },

    async complete(callbackUrl, cookie, origin) {
      const s = await enabled();
      let pending: PendingLogin;
      try {
        pending = JSON.parse(box.open(cookie ?? '')) as PendingLogin;
      } catch {
        return refuse(origin, 'no login in progress in this browser (start again from the login page)');
      }
      if (pending.expiresAtMs < now()) return refuse(origin, 'the login took too long; start again');
      const config = await discover(s);
      // The callback URL as the provider redirected to it, on the registered redirect URL's origin and path.
      const current = new URL(s.redirectUrl);
      current.search = callbackUrl.search;
      let claims: Record<string, unknown>;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
        });
        const idClaims = tokens.claims()!;
        // Some providers put e-mail and groups only in userinfo; the ID token's own claims win.
        const info = config.serverMetadata().userinfo_endpoint
          ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)
          : {};
        claims = { ...info, ...idClaims };
      } catch (err) {
        return refuse(
          origin,
          `the provider's answer was refused (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      const subject = `${String(claims.iss)} ${String(claims.sub)}`;
      const mapped = mapClaims(claimValues(claims, s.rolesClaim), s);
      const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : null);
      const known = await users.findUserByOidcSubject(subject);
      if (mapped.roles.length === 0 && !known && s.defaultRole === null)
        return refuse(origin, `no role is mapped for this person's ${s.rolesClaim} claim`);
      let user: UserRecord = await identity.upsertOidcUser(
        { subject, email: str('email'), name: str('name'), preferredUsername: str('preferred_username') },
        mapped.roles.length ? mapped.roles : [s.defaultRole ?? 'viewer'],
        mapped.teams,
      );
      if (user.isDisabled) return refuse(origin, 'this account is disabled', `user:${user.username}`);
      // The provider's groups decide roles and teams whenever they map to a role.
      if (mapped.roles.length > 0) user = await identity.applyMappedAccess(user, mapped);
      return identity.loginUser(user, origin, 'oidc');
    },
  };
}
