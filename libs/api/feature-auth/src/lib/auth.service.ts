import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  AuditLog,
  hashSecretToken,
  newSecretToken,
  PasswordHasher,
  LeadershipRepository,
  RateLimiter,
  SECOND_FACTOR,
  SessionService,
  SessionsRepository,
  SignInRules,
  type Actor,
  type AuditAction,
  type IssuedSession,
  type SecondFactor,
  type SecondFactorAnswer,
  type SignInChallenge,
} from '@kaizen/api/data-access-auth';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { Outbox } from '@kaizen/api/data-access-notifications';
import { APP_CONFIG, FieldValidationException } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { SendMailPayload } from '@kaizen/shared/util-jobs';
import type { AcceptInvitationDto, InvitationPreviewDto, MeDto, SignInDto, SignUpDto } from './auth.dto';
import { AccountsDirectory, PlacementsRepository } from '@kaizen/api/data-access-organisation';
import { AccountsRepository } from './accounts.repository';
import {
  account,
  activeMembership,
  openInvitation,
  refreshTokenState,
  type Account,
  type ActiveMembership,
} from './auth.mappers';
import { InvitationsAcceptanceRepository } from './invitations-acceptance.repository';

const RESET_VALID_MINUTES = 60;
const WRONG_CREDENTIALS = 'The email or the password is wrong';

/** Sign-up, sign-in, sessions, password resets and accepting invitations: the routes open to anyone. */
/** How soon after its first use a refresh token may be used again without counting as stolen (tabs racing). */
const REFRESH_REUSE_GRACE_SECONDS = 20;

@Injectable()
export class AuthService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly accounts: AccountsRepository,
    private readonly sessionStore: SessionsRepository,
    private readonly invitations: InvitationsAcceptanceRepository,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditLog,
    private readonly leadership: LeadershipRepository,
    private readonly memberships: PlacementsRepository,
    private readonly accountsDirectory: AccountsDirectory,
    private readonly outbox: Outbox,
    @Inject(SECOND_FACTOR) private readonly twoFactor: SecondFactor,
    private readonly signInRules: SignInRules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signUp(dto: SignUpDto, ip: string): Promise<IssuedSession> {
    await this.rateLimiter.consume(`sign-up:ip:${ip}`, { limit: 10, windowSeconds: 3600 });
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      return await this.transactions.run({}, async () => {
        if (await this.accountsDirectory.findByEmail(dto.email)) throw emailTaken();
        const actor: Actor = {
          userId: uuidv7(),
          organisationId: uuidv7(),
          membershipId: uuidv7(),
          role: 'org_admin',
        };
        const locale = dto.locale ?? 'en';
        await this.accountsDirectory.create({
          id: actor.userId,
          email: dto.email,
          passwordHash,
          displayName: dto.displayName,
          locale,
        });
        await this.transactions.enter({ organisationId: actor.organisationId, userId: actor.userId });
        await this.accounts.createOrganisation({
          id: actor.organisationId,
          name: dto.organisationName,
          locale,
        });
        await this.memberships.addMembership({ ...actor, id: actor.membershipId });
        await this.audit.record({
          organisationId: actor.organisationId,
          action: 'organisation.created',
          actorUserId: actor.userId,
          ip,
        });
        return this.sessions.start(actor);
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw emailTaken(); // a parallel sign-up won
      throw error;
    }
  }

  /** The password step: a session, or the challenge of a second step when the account must pass a second factor. */
  async signIn(dto: SignInDto, ip: string): Promise<IssuedSession | SignInChallenge> {
    await this.rateLimiter.consume(`sign-in:ip:${ip}`, { limit: 60, windowSeconds: 60 });
    await this.rateLimiter.consume(`sign-in:email:${dto.email.toLowerCase()}`, {
      limit: 10,
      windowSeconds: 900,
    });
    const outcome = await this.transactions.run({}, async () => {
      const user = account(await this.accountsDirectory.findByEmail(dto.email));
      if (!user)
        return { failed: true as const, userId: null, valid: await this.hasher.verifyNothing(dto.password) };
      if (!(await this.hasher.verify(user.passwordHash, dto.password)))
        return { failed: true as const, userId: user.id };
      await this.transactions.enter({ userId: user.id });
      const memberships = await this.activeMemberships(user.id);
      const membership = dto.organisationId
        ? memberships.find((m) => m.organisationId === dto.organisationId)
        : memberships[0];
      if (!membership) {
        throw new ForbiddenException(
          dto.organisationId
            ? 'This account is not an active member of that organisation'
            : 'This account has no active membership',
        );
      }
      const actor = actorOf(membership);
      await this.transactions.enter({ organisationId: actor.organisationId });
      await this.signInRules.checkPasswordSignIn({ ...actor, ip });
      const challenge = await this.twoFactor.challengeFor(user.id, actor.organisationId);
      if (challenge) return { failed: false as const, issued: challenge };
      return { failed: false as const, issued: await this.startSignedIn(actor, ip) };
    });
    if (!outcome.failed) return outcome.issued;
    // Recorded in a transaction of its own: the failure below must not roll it back.
    if (outcome.userId) await this.auditEverywhere(outcome.userId, 'auth.sign_in_failed', ip);
    throw new UnauthorizedException(WRONG_CREDENTIALS);
  }

  /** The second step, for accounts with a second factor: the session, once the code fits the challenge. */
  async completeSignIn(
    dto: SecondFactorAnswer,
    ip: string,
  ): Promise<IssuedSession & { recoveryCodes?: string[] }> {
    const passed = await this.twoFactor.passSecondFactor(dto, ip);
    const issued = await this.transactions.run({ userId: passed.userId }, async () => {
      const membership = (await this.activeMemberships(passed.userId)).find(
        (m) => m.organisationId === passed.organisationId,
      );
      if (!membership)
        throw new ForbiddenException('This account is not an active member of that organisation');
      await this.transactions.enter({ organisationId: membership.organisationId });
      return this.startSignedIn(actorOf(membership), ip);
    });
    return { ...issued, recoveryCodes: passed.recoveryCodes };
  }

  private async startSignedIn(actor: Actor, ip: string): Promise<IssuedSession> {
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'auth.signed_in',
      actorUserId: actor.userId,
      ip,
    });
    return this.sessions.start(actor);
  }

  /**
   * Uses a refresh token once; a later second use means it leaked, and ends the whole family. A second use
   * within seconds is two tabs refreshing with the same cookie: it gets a token of the same family too.
   */
  /** A new access token and cookie for the refresh cookie, with who is signed in (as `me`), read in the same transaction. */
  async refresh(refreshToken: string | undefined, ip: string): Promise<IssuedSession & { me: MeDto }> {
    if (!refreshToken) throw new UnauthorizedException('No session: sign in');
    const outcome = await this.transactions.run({}, async () => {
      const row = refreshTokenState(
        await this.sessionStore.findForUpdate(hashSecretToken(refreshToken), REFRESH_REUSE_GRACE_SECONDS),
      );
      if (!row || row.expired) return { ok: false as const };
      const anotherTab = row.usedAt !== null && row.justUsed && !row.revokedAt;
      if ((row.usedAt && !anotherTab) || row.revokedAt) {
        await this.sessionStore.revokeFamily(row.familyId);
        if (row.usedAt && !row.revokedAt) {
          await this.transactions.enter({ organisationId: row.organisationId, userId: row.userId });
          await this.audit.record({
            organisationId: row.organisationId,
            action: 'auth.refresh_token_reused',
            actorUserId: row.userId,
            ip,
          });
        }
        return { ok: false as const };
      }
      await this.transactions.enter({ organisationId: row.organisationId, userId: row.userId });
      const membership = (await this.activeMemberships(row.userId)).find(
        (m) => m.organisationId === row.organisationId,
      );
      const session = { familyId: row.familyId, userId: row.userId, organisationId: row.organisationId };
      if (!membership || !(await this.signInRules.sessionContinues(session))) {
        await this.sessionStore.revokeFamily(row.familyId);
        return { ok: false as const };
      }
      if (!anotherTab) await this.sessionStore.markUsed(row.id);
      const actor = actorOf(membership);
      const issued = await this.sessions.continue(actor, row.familyId);
      return { ok: true as const, issued: { ...issued, me: await this.me(actor) } };
    });
    if (!outcome.ok) throw new UnauthorizedException('The session has ended: sign in again');
    return outcome.issued;
  }

  async signOut(refreshToken: string | undefined, ip: string): Promise<void> {
    if (!refreshToken) return;
    await this.transactions.run({}, async () => {
      const row = refreshTokenState(await this.sessionStore.findForUpdate(hashSecretToken(refreshToken)));
      if (!row) return;
      await this.sessionStore.revokeFamily(row.familyId);
      await this.transactions.enter({ organisationId: row.organisationId, userId: row.userId });
      await this.audit.record({
        organisationId: row.organisationId,
        action: 'auth.signed_out',
        actorUserId: row.userId,
        ip,
      });
    });
  }

  /** Runs inside the signed-in request's transaction. */
  async switchOrganisation(
    actor: Actor,
    organisationId: string,
    currentRefreshToken: string | undefined,
    ip: string,
  ): Promise<IssuedSession> {
    const target = (await this.activeMemberships(actor.userId)).find(
      (m) => m.organisationId === organisationId,
    );
    if (!target) throw new NotFoundException('No active membership in that organisation');
    // Switching signs in to the target on the strength of the current session: its sign-in rules apply.
    await this.transactions.enter({ organisationId });
    await this.signInRules.checkPasswordSignIn({ ...actorOf(target), ip });
    if (currentRefreshToken) {
      const row = refreshTokenState(
        await this.sessionStore.findForUpdate(hashSecretToken(currentRefreshToken)),
      );
      if (row?.userId === actor.userId) await this.sessionStore.revokeFamily(row.familyId);
    }
    return this.sessions.start(actorOf(target));
  }

  /** Runs inside the signed-in request's transaction. */
  async me(actor: Actor): Promise<MeDto> {
    const user = account(await this.accounts.findUser(actor.userId));
    if (!user) throw new UnauthorizedException('The account no longer exists');
    const memberships = await this.activeMemberships(actor.userId);
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      organisationId: actor.organisationId,
      membershipId: actor.membershipId,
      role: actor.role,
      leadsOrHeads: await this.leadership.leadsOrHeads(actor.membershipId),
      memberships: memberships.map((m) => ({
        organisationId: m.organisationId,
        organisationName: m.organisationName,
        currency: m.currency,
        timeZone: m.timeZone,
        role: m.role,
      })),
    };
  }

  /** Always the same answer, so nobody learns which emails have accounts. */
  async requestPasswordReset(email: string, ip: string): Promise<void> {
    await this.rateLimiter.consume(`reset:ip:${ip}`, { limit: 10, windowSeconds: 3600 });
    await this.rateLimiter.consume(`reset:email:${email.toLowerCase()}`, { limit: 5, windowSeconds: 3600 });
    const mail = await this.transactions.run({}, async () => {
      const user = account(await this.accountsDirectory.findByEmail(email));
      if (!user) return null;
      await this.signInRules.checkPasswordReset(user.id);
      const { token, hash } = newSecretToken();
      const id = uuidv7();
      await this.accounts.createPasswordReset({
        id,
        userId: user.id,
        tokenHash: hash,
        expiresAt: new Date(Date.now() + RESET_VALID_MINUTES * 60_000),
      });
      const payload: SendMailPayload = {
        to: user.email,
        locale: user.locale,
        template: 'password-reset',
        params: {
          link: `${this.config.APP_URL}/reset-password?token=${token}`,
          expiresInMinutes: RESET_VALID_MINUTES,
        },
      };
      // A row of the account outbox, in this transaction: the link never names a reset that was rolled back,
      // and a lost job never loses the mail. The payload (and its link) is cleared once sent.
      await this.outbox.add([
        { channel: 'mail', dedupeKey: `password-reset-${id}`, payload, dueAt: new Date() },
      ]);
      return { id, userId: user.id };
    });
    if (!mail) return;
    await this.auditEverywhere(mail.userId, 'auth.password_reset_requested', ip);
  }

  async confirmPasswordReset(token: string, password: string, ip: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.transactions.run({}, async () => {
      const owner = await this.accounts.usePasswordReset(hashSecretToken(token));
      if (!owner) return null;
      await this.signInRules.checkPasswordReset(owner);
      await this.accounts.setPassword(owner, passwordHash);
      await this.sessionStore.revokeAllOf(owner); // every device signs in again
      return owner;
    });
    if (!userId) {
      throw new FieldValidationException([
        { field: 'token', rule: 'valid', message: 'token is invalid, used or expired' },
      ]);
    }
    await this.auditEverywhere(userId, 'auth.password_reset', ip);
  }

  async previewInvitation(token: string): Promise<InvitationPreviewDto> {
    const tokenHash = hashSecretToken(token);
    return this.transactions.run({ invitationTokenHash: tokenHash.toString('hex') }, async () => {
      const invitation = openInvitation(await this.invitations.findByToken(tokenHash));
      if (!invitation?.usable) throw invitationGone();
      await this.transactions.enter({ organisationId: invitation.organisationId });
      return {
        organisationName: await this.invitations.organisationName(invitation.organisationId),
        invitedBy: await this.invitations.inviterName(invitation.invitedBy),
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt.toISOString(),
        accountExists: (await this.accountsDirectory.findByEmail(invitation.email)) !== undefined,
      };
    });
  }

  /** For an existing account with a second factor, the challenge of a second step instead of a session, as at sign-in. */
  async acceptInvitation(dto: AcceptInvitationDto, ip: string): Promise<IssuedSession | SignInChallenge> {
    await this.rateLimiter.consume(`invitation:ip:${ip}`, { limit: 30, windowSeconds: 3600 });
    const tokenHash = hashSecretToken(dto.token);
    return this.transactions.run({ invitationTokenHash: tokenHash.toString('hex') }, async () => {
      const invitation = openInvitation(await this.invitations.findByToken(tokenHash));
      if (!invitation?.usable) throw invitationGone();
      let user: Account | null = account(await this.accountsDirectory.findByEmail(invitation.email));
      const existingAccount = user !== null;
      if (user) {
        if (!(await this.hasher.verify(user.passwordHash, dto.password)))
          throw new UnauthorizedException(WRONG_CREDENTIALS);
      } else {
        if (!dto.displayName) {
          throw new FieldValidationException([
            { field: 'displayName', rule: 'required', message: 'displayName is required for a new account' },
          ]);
        }
        if (dto.password.length < 10) {
          throw new FieldValidationException([
            { field: 'password', rule: 'minLength', message: 'password must be at least 10 characters' },
          ]);
        }
        user = {
          id: uuidv7(),
          email: invitation.email,
          displayName: dto.displayName,
          locale: 'en',
          passwordHash: await this.hasher.hash(dto.password),
        };
        await this.accountsDirectory.create(user);
      }
      await this.transactions.enter({ organisationId: invitation.organisationId, userId: user.id });
      const existing = await this.invitations.findMembership(invitation.organisationId, user.id);
      if (existing?.status === 'active')
        throw new ConflictException('This account is already a member of the organisation');
      const membershipId = existing?.id ?? uuidv7();
      if (existing)
        await this.invitations.reactivate(invitation.organisationId, existing.id, invitation.role);
      else
        await this.memberships.addMembership({
          organisationId: invitation.organisationId,
          id: membershipId,
          userId: user.id,
          role: invitation.role,
        });
      await this.invitations.markAccepted(invitation.organisationId, invitation.id, membershipId);
      await this.audit.record({
        organisationId: invitation.organisationId,
        action: 'invitation.accepted',
        actorUserId: user.id,
        targetId: invitation.id,
        ip,
      });
      const challenge =
        existingAccount && (await this.twoFactor.challengeFor(user.id, invitation.organisationId));
      if (challenge) return challenge;
      return this.sessions.start({
        userId: user.id,
        organisationId: invitation.organisationId,
        membershipId,
        role: invitation.role,
      });
    });
  }

  /** Needs `app.user_id` set: the account's active memberships, most recent first. */
  private async activeMemberships(userId: string): Promise<ActiveMembership[]> {
    return (await this.accounts.activeMembershipsOf(userId)).map(activeMembership);
  }

  /** An account-level event matters to every organisation the account belongs to. */
  private async auditEverywhere(userId: string, action: AuditAction, ip: string): Promise<void> {
    await this.transactions.run({ userId }, async () => {
      for (const membership of await this.activeMemberships(userId)) {
        await this.transactions.enter({ organisationId: membership.organisationId });
        await this.audit.record({
          organisationId: membership.organisationId,
          action,
          actorUserId: userId,
          ip,
        });
      }
    });
  }
}

function actorOf(membership: ActiveMembership): Actor {
  return {
    userId: membership.userId,
    organisationId: membership.organisationId,
    membershipId: membership.id,
    role: membership.role,
  };
}

function emailTaken(): ConflictException {
  return new ConflictException({
    message: 'email already has an account: sign in instead',
    errors: [{ field: 'email', rule: 'unique', message: 'email already has an account' }],
  });
}

function invitationGone(): NotFoundException {
  return new NotFoundException('This invitation does not exist, was used, was revoked or has expired');
}
