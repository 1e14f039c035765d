import { ConflictException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  AuditLog,
  hashSecretToken,
  newSecretToken,
  PasswordHasher,
  RateLimiter,
  type Actor,
  type AuditAction,
  type SecondFactor,
  type SecondFactorAnswer,
  type SecondFactorPassed,
  type SignInChallenge,
} from '@kaizen/api/data-access-auth';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { APP_CONFIG, FieldValidationException } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type {
  DisableTwoFactorDto,
  RecoveryCodesDto,
  TwoFactorEnrolmentDto,
  TwoFactorStatusDto,
} from './two-factor.dto';
import { TwoFactorRepository } from './two-factor.repository';
import { SecretBox } from './secret-box';
import { newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, otpauthUri, verifyTotp } from './totp';

/** How long the second step of a sign-in may wait for its code. */
const CHALLENGE_SECONDS = 300;
/** The second factor is limited as the password is: per address, and per account across addresses. */
const PER_ADDRESS = { limit: 60, windowSeconds: 60 };
const PER_ACCOUNT = { limit: 10, windowSeconds: 900 };
const WRONG_CODE = 'The code is wrong, expired or was used already';

type Account = NonNullable<Awaited<ReturnType<TwoFactorRepository['findAccount']>>>;

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238): enrolment confirmed by a first code, recovery
 * codes, disabling with password and code, the organisation's requirement, and the second step of sign-in.
 */
@Injectable()
export class TwoFactorService implements SecondFactor {
  private readonly box: SecretBox;

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly store: TwoFactorRepository,
    private readonly hasher: PasswordHasher,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.TWO_FACTOR_SECRETS ?? [config.AUTH_SECRET], 'two-factor secrets');
  }

  /** Runs inside the signed-in request's transaction. */
  async status(actor: Actor): Promise<TwoFactorStatusDto> {
    const account = await this.account(actor.userId);
    return {
      enabled: account.totp_enabled_at !== null,
      enabledAt: account.totp_enabled_at?.toISOString() ?? null,
      recoveryCodesLeft: account.totp_enabled_at ? await this.store.recoveryCodesLeft(actor.userId) : 0,
      requiredByOrganisation: await this.store.isRequiredBy(actor.organisationId),
    };
  }

  /** A new secret, shown once; it counts only once a first code confirms it. */
  async startEnrolment(actor: Actor): Promise<TwoFactorEnrolmentDto> {
    const account = await this.account(actor.userId);
    if (account.totp_enabled_at)
      throw new ConflictException('Two-factor sign-in is on already: turn it off first');
    return this.newPendingSecret(account);
  }

  async confirmEnrolment(actor: Actor, code: string, ip: string): Promise<RecoveryCodesDto> {
    await this.rateLimiter.consume(`second-factor:user:${actor.userId}`, PER_ACCOUNT);
    const account = await this.account(actor.userId);
    if (account.totp_enabled_at) throw new ConflictException('Two-factor sign-in is on already');
    const recoveryCodes = await this.enable(account, code);
    if (!recoveryCodes) {
      await this.recordApart(actor.organisationId, actor.userId, 'auth.two_factor_failed', ip);
      throw wrongCode('code');
    }
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'auth.two_factor_enrolled',
      actorUserId: actor.userId,
      ip,
    });
    return { recoveryCodes };
  }

  async disable(actor: Actor, dto: DisableTwoFactorDto, ip: string): Promise<void> {
    await this.rateLimiter.consume(`second-factor:user:${actor.userId}`, PER_ACCOUNT);
    const account = await this.account(actor.userId);
    if (!account.totp_enabled_at) throw new ConflictException('Two-factor sign-in is off already');
    if (!(await this.hasher.verify(account.password_hash, dto.password))) {
      await this.recordApart(actor.organisationId, actor.userId, 'auth.two_factor_failed', ip);
      throw new FieldValidationException([
        { field: 'password', rule: 'valid', message: 'password is wrong' },
      ]);
    }
    const passed = /^\d{6}$/.test(dto.code)
      ? await this.passCode(account, dto.code)
      : await this.passRecoveryCode(account, dto.code);
    if (!passed) {
      await this.recordApart(actor.organisationId, actor.userId, 'auth.two_factor_failed', ip);
      throw wrongCode('code');
    }
    await this.store.disable(actor.userId);
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'auth.two_factor_disabled',
      actorUserId: actor.userId,
      ip,
    });
  }

  /** Runs inside the signed-in request's transaction. */
  async policy(actor: Actor): Promise<{ required: boolean }> {
    return { required: await this.store.isRequiredBy(actor.organisationId) };
  }

  async setPolicy(actor: Actor, required: boolean, ip: string): Promise<{ required: boolean }> {
    await this.store.setRequired(actor.organisationId, required);
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'organisation.updated',
      actorUserId: actor.userId,
      details: { twoFactorRequired: required },
      ip,
    });
    return { required };
  }

  /**
   * For the password step of sign-in, inside its transaction with the organisation entered: a challenge when
   * this account must pass a second factor here (it has one, or the organisation requires one), else null.
   */
  async challengeFor(userId: string, organisationId: string): Promise<SignInChallenge | null> {
    const account = await this.account(userId);
    const enrolled = account.totp_enabled_at !== null;
    if (!enrolled && !(await this.store.isRequiredBy(organisationId))) return null;
    const { token, hash } = newSecretToken();
    await this.store.createChallenge({
      id: uuidv7(),
      userId,
      organisationId,
      purpose: enrolled ? 'verify' : 'enrol',
      tokenHash: hash,
      expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000),
    });
    return { twoFactor: enrolled ? 'verify' : 'enrol', challengeToken: token, expiresIn: CHALLENGE_SECONDS };
  }

  /** Sign-in halfway, when the organisation requires a second factor the account lacks: its secret, shown once. */
  async startSignInEnrolment(challengeToken: string, ip: string): Promise<TwoFactorEnrolmentDto> {
    await this.rateLimiter.consume(`second-factor:ip:${ip}`, PER_ADDRESS);
    return this.transactions.run({}, async () => {
      const challenge = await this.store.findLiveChallenge(hashSecretToken(challengeToken));
      if (!challenge || challenge.purpose !== 'enrol') throw challengeGone();
      return this.newPendingSecret(await this.account(challenge.user_id));
    });
  }

  /** The second step of sign-in: a code (or a recovery code) for a live challenge, which it uses up. */
  async passSecondFactor(dto: SecondFactorAnswer, ip: string): Promise<SecondFactorPassed> {
    if ((dto.code === undefined) === (dto.recoveryCode === undefined)) {
      throw new FieldValidationException([
        { field: 'code', rule: 'required', message: 'send either code or recoveryCode' },
      ]);
    }
    await this.rateLimiter.consume(`second-factor:ip:${ip}`, PER_ADDRESS);
    const outcome = await this.transactions.run({}, async () => {
      const challenge = await this.store.findLiveChallenge(hashSecretToken(dto.challengeToken));
      if (!challenge) throw challengeGone();
      await this.rateLimiter.consume(`second-factor:user:${challenge.user_id}`, PER_ACCOUNT);
      const account = await this.account(challenge.user_id);
      const who = { userId: account.id, organisationId: challenge.acting_organisation_id };
      let recoveryCodes: string[] | undefined;
      let action: AuditAction | null = null;
      if (challenge.purpose === 'enrol') {
        recoveryCodes = (dto.code && (await this.enable(account, dto.code))) || undefined;
        if (!recoveryCodes) return { passed: false as const, ...who };
        action = 'auth.two_factor_enrolled';
      } else if (dto.code) {
        if (!(await this.passCode(account, dto.code))) return { passed: false as const, ...who };
      } else {
        if (!(await this.passRecoveryCode(account, dto.recoveryCode ?? '')))
          return { passed: false as const, ...who };
        action = 'auth.recovery_code_used';
      }
      await this.store.useChallenge(challenge.id);
      if (action) {
        await this.transactions.enter({ organisationId: who.organisationId });
        await this.audit.record({ organisationId: who.organisationId, action, actorUserId: who.userId, ip });
      }
      return { passed: true as const, ...who, recoveryCodes };
    });
    if (!outcome.passed) {
      await this.recordApart(outcome.organisationId, outcome.userId, 'auth.two_factor_failed', ip);
      throw new UnauthorizedException(WRONG_CODE);
    }
    return {
      userId: outcome.userId,
      organisationId: outcome.organisationId,
      recoveryCodes: outcome.recoveryCodes,
    };
  }

  private async account(userId: string): Promise<Account> {
    const account = await this.store.findAccount(userId);
    if (!account) throw new UnauthorizedException('The account no longer exists');
    return account;
  }

  private async newPendingSecret(account: Account): Promise<TwoFactorEnrolmentDto> {
    const secret = newTotpSecret();
    await this.store.setPendingSecret(account.id, this.box.seal(secret));
    return { secret, otpauthUri: otpauthUri(secret, account.email) };
  }

  /** Turns the pending secret on when the code fits it: the recovery codes, or null. */
  private async enable(account: Account, code: string): Promise<string[] | null> {
    if (!account.totp_pending_secret_sealed) return null;
    const step = verifyTotp(this.box.open(account.totp_pending_secret_sealed), code);
    if (step === null) return null;
    const codes = newRecoveryCodes();
    const hashes = codes.map((c) => ({ id: uuidv7(), hash: hashSecretToken(normaliseRecoveryCode(c)) }));
    return (await this.store.enable(account.id, step, hashes)) ? codes : null;
  }

  /** A code of the current window that was not used before (a replay within its window is refused). */
  private async passCode(account: Account, code: string): Promise<boolean> {
    if (!account.totp_secret_sealed) return false;
    const step = verifyTotp(this.box.open(account.totp_secret_sealed), code);
    return step !== null && (await this.store.claimStep(account.id, step));
  }

  private passRecoveryCode(account: Account, code: string): Promise<boolean> {
    return this.store.useRecoveryCode(account.id, hashSecretToken(normaliseRecoveryCode(code)));
  }

  /** In a transaction of its own: the failure that follows must not roll the record back. */
  private async recordApart(
    organisationId: string,
    userId: string,
    action: AuditAction,
    ip: string,
  ): Promise<void> {
    await this.transactions.run({ organisationId }, () =>
      this.audit.record({ organisationId, action, actorUserId: userId, ip }),
    );
  }
}

function wrongCode(field: string): FieldValidationException {
  return new FieldValidationException([{ field, rule: 'valid', message: WRONG_CODE }]);
}

function challengeGone(): FieldValidationException {
  return new FieldValidationException([
    {
      field: 'challengeToken',
      rule: 'valid',
      message: 'the sign-in has expired or was completed: sign in again',
    },
  ]);
}
