import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface ProviderAccount {
  email: string;
  name?: string;
  emailVerified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds a person; returns their subject. */
  addAccount(account: ProviderAccount): string;
  /** Who the next sign-in at this provider is (the tests' stand-in for typing a password there). */
  signInAs(subject: string): void;
  /** The person is disabled in the provider: it no longer issues or refreshes tokens for them. */
  disable(subject: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (the `oidc-provider` package) on a free loopback port, with one confidential
 * client whose redirect URI is the API's callback. The interaction (login and consent) is answered at
 * once for whoever `signInAs` named, so a test drives the whole redirect dance with plain HTTP.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const accounts = new Map<string, ProviderAccount & { disabled: boolean }>();
  let nextSubject: string | undefined;
  const clientId = `kaizen-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('hex');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(6).toString('hex'), use: 'sig' };

  // The issuer names its port, which is known only once listening: listen first, then build the provider.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Like Keycloak and Entra ID: the ID token itself carries the e-mail address.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    issueRefreshToken: async () => true,
    async findAccount(_ctx, subject) {
      const account = accounts.get(subject);
      if (!account || account.disabled) return undefined;
      return {
        accountId: subject,
        claims: async () => ({
          sub: subject,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name ?? account.email,
        }),
      };
    },
  });
  provider.proxy = false;
  // oidc-provider logs every refused request to stderr through its own emitter; the tests assert on our answers.
  provider.on('server_error', (_ctx, error) => console.error('test provider error', error));

  provider.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || !ctx.path.startsWith('/interaction/')) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const accountId = nextSubject;
    if (!accountId) throw new Error('the test named nobody to sign in at the provider');
    const grant = new provider.Grant({ accountId, clientId: String(details.params['client_id']) });
    grant.addOIDCScope(String(details.params['scope']));
    const grantId = await grant.save();
    ctx.redirect(
      await provider.interactionResult(ctx.req, ctx.res, { login: { accountId }, consent: { grantId } }),
    );
  });
  handler = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount(account) {
      const subject = `sub-${randomBytes(6).toString('hex')}`;
      accounts.set(subject, { ...account, disabled: false });
      return subject;
    },
    signInAs(subject) {
      nextSubject = subject;
    },
    disable(subject) {
      const account = accounts.get(subject);
      if (account) account.disabled = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
