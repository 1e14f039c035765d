import { ForbiddenException, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import {
  AuditLog,
  type ContinuingSession,
  type PasswordSignInAttempt,
  type SignInRule,
} from '@kaizen/api/data-access-auth';
import { Db, TenantTransactions } from '@kaizen/api/data-access-db';
import { IdentityProvider, providerAccess } from './identity-provider';
import { connection } from './sso.mappers';
import { SsoRepository } from './sso.repository';
import { SsoSeal } from './sso-seal';

/**
 * What single sign-on adds to the password and session paths of feature-auth:
 * - an organisation that requires SSO refuses its members' passwords, except its break-glass admin's
 *   (whose every password sign-in is audited), and refuses their password resets;
 * - a session that began with SSO continues only while the provider still lets the person in.
 */
@Injectable()
export class SsoRequiredRule implements SignInRule {
  constructor(
    private readonly db: Db,
    private readonly transactions: TenantTransactions,
    private readonly repository: SsoRepository,
    private readonly provider: IdentityProvider,
    private readonly seal: SsoSeal,
    private readonly audit: AuditLog,
  ) {}

  async passwordSignIn(attempt: PasswordSignInAttempt): Promise<void> {
    const conn = connection(await this.repository.connection());
    if (!conn?.required) return;
    if (conn.breakGlassMembershipId !== attempt.membershipId) throw ssoRequired('sign-in');
    await this.audit.record({
      organisationId: attempt.organisationId,
      action: 'auth.break_glass_signed_in',
      actorUserId: attempt.userId,
      ip: attempt.ip,
    });
  }

  /** A password is the account's, in every organisation: one that requires SSO (and does not name it break-glass) refuses the reset. */
  async passwordReset(userId: string): Promise<void> {
    const before = this.db.scope;
    await this.transactions.enter({ userId });
    for (const membership of await this.repository.activeMembershipsOf(userId)) {
      await this.transactions.enter({ organisationId: membership.organisation_id });
      const conn = connection(await this.repository.connection());
      if (conn?.required && conn.breakGlassMembershipId !== membership.id) throw ssoRequired('reset');
    }
    await this.transactions.enter({ organisationId: before.organisationId, userId: before.userId });
  }

  /**
   * Asks the provider with its refresh token (rotating it), else its access token at userinfo: a person
   * disabled there, or whose grant was revoked, gets a refusal and the session ends. A provider that cannot
   * be reached is given an hour's grace since its last confirmation, then the session ends too.
   */
  async sessionContinues(session: ContinuingSession): Promise<boolean> {
    const row = await this.repository.session(session.familyId);
    if (!row) return true; // a password session
    const conn = connection(await this.repository.connection());
    if (!conn) return this.ended(session, 'single sign-on was removed');
    const refreshToken = row.provider_refresh_sealed
      ? this.seal.open('provider-token', row.provider_refresh_sealed)
      : null;
    const accessToken = row.provider_access_sealed
      ? this.seal.open('provider-token', row.provider_access_sealed)
      : null;
    try {
      const configuration = await this.provider.discover(providerAccess(conn, this.seal));
      if (refreshToken) {
        const tokens = await oidc.refreshTokenGrant(configuration, refreshToken);
        await this.repository.confirmSession(
          session.familyId,
          this.seal.seal('provider-token', tokens.refresh_token ?? refreshToken),
          this.seal.seal('provider-token', tokens.access_token),
        );
        return true;
      }
      if (accessToken) {
        await oidc.fetchUserInfo(configuration, accessToken, row.subject);
        await this.repository.confirmSession(session.familyId, null, row.provider_access_sealed);
        return true;
      }
      return this.ended(session, 'the provider gave no token to check the person with');
    } catch (error) {
      if (isRefusal(error)) return this.ended(session, 'the identity provider no longer signs the person in');
      if (row.recently_checked) return true;
      return this.ended(session, 'the identity provider could not be reached for an hour');
    }
  }

  private async ended(session: ContinuingSession, why: string): Promise<false> {
    await this.audit.record({
      organisationId: session.organisationId,
      action: 'auth.sso_session_ended',
      actorUserId: session.userId,
      details: { why },
    });
    return false;
  }
}

/** The provider answered, and said no (as opposed to not answering). */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof oidc.ResponseBodyError ||
    error instanceof oidc.WWWAuthenticateChallengeError ||
    (error as { code?: string }).code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'
  );
}

function ssoRequired(what: 'sign-in' | 'reset'): ForbiddenException {
  const message =
    what === 'sign-in'
      ? 'Your organisation requires single sign-on: choose "Sign in with your organisation"'
      : 'Your organisation requires single sign-on: your password cannot be reset here; your identity provider manages it';
  return new ForbiddenException({
    message,
    errors: [{ field: what === 'sign-in' ? 'password' : 'email', rule: 'ssoRequired', message }],
  });
}
