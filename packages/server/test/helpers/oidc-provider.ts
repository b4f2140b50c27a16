// A real OpenID Provider (oidc-provider, the certified Node implementation) on loopback for the single sign-on
// tests. Login and consent are automatic: whoever `signInAs` names is the person the provider authenticates, with
// the claims given in `accounts` (a `groups` claim included).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  name: string;
  groups: string[];
}

export interface TestOpenIdProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** The account the next login authenticates. */
  signInAs(accountId: string): void;
  close(): Promise<void>;
}

/**
 * Starts the provider with one confidential client allowed to redirect to `redirectUri`.
 * @example const idp = await startOpenIdProvider(`${s.url}/auth/oidc/callback`); idp.signInAs('alice');
 */
export async function startOpenIdProvider(redirectUri: string): Promise<TestOpenIdProvider> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'vigil';
  const clientSecret = 'vigil-client-secret-0123456789abcdef';
  const accounts = new Map<string, TestAccount>();
  let current = '';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        // Vigil's root, where the provider sends the browser back after RP-initiated logout.
        post_logout_redirect_uris: [new URL('/', redirectUri).href],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const a = accounts.get(id);
      if (!a) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: a.email, email_verified: true, name: a.name, groups: a.groups };
        },
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    cookies: { keys: ['vigil-test-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    // Automatic login (as `current`) and consent to every scope and claim asked for.
    void (async () => {
      const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
      if (prompt.name === 'login')
        return provider.interactionFinished(
          req,
          res,
          { login: { accountId: current } },
          { mergeWithLastSubmission: false },
        );
      const grant = grantId
        ? (await provider.Grant.find(grantId))!
        : new provider.Grant({ accountId: session!.accountId, clientId: params.client_id as string });
      const details = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      return provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signInAs(id) {
      current = id;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
