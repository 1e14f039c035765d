import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import * as oidc from 'openid-client';
import { AccountsDirectory, PlacementsRepository } from '@kaizen/api/data-access-organisation';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, RateLimiter, SessionService, type IssuedSession } from '@kaizen/api/data-access-auth';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { APP_CONFIG, CLOCK, FieldValidationException, type Clock } from '@kaizen/api/util-core';
import type { Role } from '@kaizen/shared/domain-access';
import { emailDomainAllowed, emailDomainOf } from '@kaizen/shared/domain-sso';
import type { AppConfig } from '@kaizen/shared/util-config';
import { IdentityProvider, providerAccess, reason, SSO_SCOPE } from './identity-provider';
import { connection, type Connection } from './sso.mappers';
import { SsoRepository } from './sso.repository';
import { SsoSeal } from './sso-seal';
import { redirectUriOf } from './sso-settings.service';

/** What the browser carries, sealed, from the start of a sign-in to its callback. */
interface PendingSignIn {
  organisationId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

/** How long a person may take at their provider before the sign-in must start again. */
const PENDING_MINUTES = 10;

/**
 * An account that signs in only through its provider: no password hashes to this, so no password matches
 * until a reset sets one (which SSO-required organisations refuse).
 */

/** Signing in with an organisation's OpenID provider: authorisation code with PKCE, then a session like any other. */
@Injectable()
export class SsoSignInService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly repository: SsoRepository,
    private readonly memberships: PlacementsRepository,
    private readonly accounts: AccountsDirectory,
    private readonly provider: IdentityProvider,
    private readonly seal: SsoSeal,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    private readonly rateLimiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Where to send the browser, and the sealed state it must bring back. */
  async start(slug: string, ip: string): Promise<{ location: string; pending: string }> {
    await this.rateLimiter.consume(`sso-start:ip:${ip}`, { limit: 60, windowSeconds: 60 });
    const organisationId = await this.repository.organisationBySlug(slug);
    if (!organisationId) {
      const message = `No organisation signs in with single sign-on as "${slug}"`;
      throw new NotFoundException({
        message,
        errors: [{ field: 'organisationSlug', rule: 'exists', message }],
      });
    }
    const conn = await this.connectionOf(organisationId);
    const configuration = await this.provider.discover(providerAccess(conn, this.seal));
    const pending: PendingSignIn = {
      organisationId,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      expiresAt: this.clock.now().getTime() + PENDING_MINUTES * 60_000,
    };
    const location = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUriOf(this.config),
      scope: SSO_SCOPE,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    const sealed = this.seal.seal('sign-in', JSON.stringify(pending)).toString('base64url');
    return { location: location.href, pending: sealed };
  }

  /**
   * The provider sent the browser back: check the state against the sealed cookie, trade the code (with
   * the PKCE verifier) for tokens, let openid-client check the ID token's issuer, audience, nonce, times and
   * signature, then find or create the account and membership and start a session.
   */
  async finish(query: string, sealedPending: string | undefined, ip: string): Promise<IssuedSession> {
    await this.rateLimiter.consume(`sso-callback:ip:${ip}`, { limit: 60, windowSeconds: 60 });
    const pending = this.pendingOf(sealedPending);
    const callback = new URL(redirectUriOf(this.config));
    callback.search = query;
    const params = callback.searchParams;
    if (params.get('state') !== pending.state) {
      throw new FieldValidationException([
        {
          field: 'state',
          rule: 'matchesSignIn',
          message: 'state does not belong to the sign-in this browser began',
        },
      ]);
    }
    const providerError = params.get('error');
    if (providerError) {
      throw new UnauthorizedException(
        `The identity provider did not sign you in: ${params.get('error_description') ?? providerError}`,
      );
    }
    const conn = await this.connectionOf(pending.organisationId);
    const configuration = await this.provider.discover(providerAccess(conn, this.seal));
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw refusal(error);
    }
    const claims = tokens.claims();
    if (!claims) throw new UnauthorizedException('The identity provider sent no ID token');
    const email = typeof claims['email'] === 'string' ? claims['email'] : null;
    if (!email) {
      throw new ForbiddenException({
        message: 'The identity provider sent no e-mail address: give the client the "email" scope',
        errors: [{ field: 'email', rule: 'required', message: 'email claim is missing' }],
      });
    }
    if (claims['email_verified'] === false) {
      throw new ForbiddenException({
        message: `The identity provider has not verified ${email}`,
        errors: [{ field: 'email', rule: 'verified', message: 'email is not verified by the provider' }],
      });
    }
    if (!emailDomainAllowed(email, conn.allowedDomains)) {
      const message = `${emailDomainOf(email) ?? email} is not an e-mail domain this organisation allows for single sign-on`;
      throw new ForbiddenException({ message, errors: [{ field: 'email', rule: 'allowedDomain', message }] });
    }
    const name = typeof claims['name'] === 'string' && claims['name'].trim() ? claims['name'].trim() : null;
    return this.transactions.run({ organisationId: conn.organisationId }, () =>
      this.signIn(conn, { subject: claims.sub, email, name }, tokens, ip),
    );
  }

  /** Runs in the organisation's transaction: the account (found by subject, else e-mail, else created), its membership, the session. */
  private async signIn(
    conn: Connection,
    person: { subject: string; email: string; name: string | null },
    tokens: { refresh_token?: string; access_token: string },
    ip: string,
  ): Promise<IssuedSession> {
    const organisationId = conn.organisationId;
    let user = await this.repository.userBySubject(person.subject);
    if (!user) {
      user = await this.accounts.findByEmail(person.email);
      if (!user) {
        user = { id: uuidv7(), email: person.email };
        await this.accounts.create({
          ...user,
          displayName: (person.name ?? person.email.split('@')[0]).slice(0, 120),
          locale: 'en',
        });
      }
      await this.repository.linkSubject(organisationId, person.subject, user.id);
    }
    await this.transactions.enter({ organisationId, userId: user.id });
    let membership = await this.repository.membershipOf(user.id);
    if (membership && membership.status !== 'active')
      throw new ForbiddenException('Your membership of this organisation was ended: ask one of its admins');
    if (!membership) {
      membership = { id: uuidv7(), role: conn.defaultRole, status: 'active' };
      await this.memberships.addMembership({
        organisationId,
        id: membership.id,
        userId: user.id,
        role: conn.defaultRole,
      });
      await this.audit.record({
        organisationId,
        action: 'auth.sso_account_created',
        actorUserId: user.id,
        targetId: membership.id,
        details: { role: conn.defaultRole },
        ip,
      });
    }
    const issued = await this.sessions.start({
      userId: user.id,
      organisationId,
      membershipId: membership.id,
      role: membership.role as Role,
    });
    await this.repository.createSession({
      organisationId,
      familyId: issued.familyId,
      userId: user.id,
      subject: person.subject,
      refreshSealed: tokens.refresh_token ? this.seal.seal('provider-token', tokens.refresh_token) : null,
      accessSealed: this.seal.seal('provider-token', tokens.access_token),
    });
    await this.audit.record({ organisationId, action: 'auth.sso_signed_in', actorUserId: user.id, ip });
    return issued;
  }

  private pendingOf(sealed: string | undefined): PendingSignIn {
    const opened = sealed ? this.seal.open('sign-in', Buffer.from(sealed, 'base64url')) : null;
    const pending = opened ? (JSON.parse(opened) as PendingSignIn) : null;
    if (!pending || pending.expiresAt < this.clock.now().getTime()) {
      throw new FieldValidationException([
        {
          field: 'state',
          rule: 'matchesSignIn',
          message:
            'this browser has no sign-in in progress (it took too long, or began elsewhere): start again',
        },
      ]);
    }
    return pending;
  }

  private async connectionOf(organisationId: string): Promise<Connection> {
    const conn = connection(
      await this.transactions.run({ organisationId }, () => this.repository.connection()),
    );
    if (!conn) throw new NotFoundException('This organisation no longer signs in with single sign-on');
    return conn;
  }
}

/** What a failed exchange means to the person: the provider refused the code, or its answer failed a check. */
function refusal(error: unknown): HttpException {
  if (error instanceof oidc.ResponseBodyError) {
    return new BadRequestException({
      message: `The identity provider refused the sign-in code (${reason(error)}): start again`,
      errors: [{ field: 'code', rule: 'valid', message: 'code is invalid, expired or was already used' }],
    });
  }
  const code = (error as { code?: string }).code;
  // openid-client wraps oauth4webapi's error, whose message and `cause.claim` say what failed.
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const claim = (inner as { cause?: { claim?: string } }).cause?.claim;
  const message = inner instanceof Error ? inner.message : String(inner);
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return new UnauthorizedException({
      message: `The ID token's times are outside the allowed window: check the clocks of this server and the identity provider (${message})`,
      errors: [{ field: `id_token.${claim ?? 'iat'}`, rule: 'clockSkew', message }],
    });
  }
  const field = claim ? `id_token.${claim}` : /"iss"/.test(message) ? 'iss' : 'id_token';
  const rule =
    claim === 'nonce' ? 'matchesSignIn' : field === 'iss' || claim === 'iss' ? 'matchesIssuer' : 'valid';
  return new UnauthorizedException({
    message: `The identity provider's answer failed a check: ${message}`,
    errors: [{ field, rule, message }],
  });
}
