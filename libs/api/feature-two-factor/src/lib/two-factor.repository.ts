import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Db } from '@kaizen/api/data-access-db';

/** An account's second factor, its recovery codes and the challenges of sign-ins halfway through. */
@Injectable()
export class TwoFactorRepository {
  constructor(private readonly db: Db) {}

  findAccount(userId: string) {
    return this.db
      .selectFrom('app_user')
      .select([
        'id',
        'email',
        'password_hash',
        'totp_secret_sealed',
        'totp_pending_secret_sealed',
        'totp_enabled_at',
      ])
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  async setPendingSecret(userId: string, sealed: string): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ totp_pending_secret_sealed: sealed })
      .where('id', '=', userId)
      .execute();
  }

  /** The pending secret becomes the account's second factor, with fresh recovery codes. */
  async enable(
    userId: string,
    step: number,
    recoveryCodeHashes: Array<{ id: string; hash: Buffer }>,
  ): Promise<boolean> {
    const enabled = await this.db
      .updateTable('app_user')
      .set({
        totp_secret_sealed: sql<string>`totp_pending_secret_sealed`,
        totp_pending_secret_sealed: null,
        totp_enabled_at: sql<Date>`now()`,
        totp_last_step: String(step),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', userId)
      .where('totp_pending_secret_sealed', 'is not', null)
      .where('totp_enabled_at', 'is', null)
      .executeTakeFirst();
    if (enabled.numUpdatedRows === 0n) return false;
    await this.db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
    await this.db
      .insertInto('recovery_code')
      .values(recoveryCodeHashes.map(({ id, hash }) => ({ id, user_id: userId, code_hash: hash })))
      .execute();
    return true;
  }

  async disable(userId: string): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({
        totp_secret_sealed: null,
        totp_pending_secret_sealed: null,
        totp_enabled_at: null,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', userId)
      .execute();
    await this.db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
  }

  /** Records the time step of an accepted code; false when that step (or a later one) was used already. */
  async claimStep(userId: string, step: number): Promise<boolean> {
    const claimed = await this.db
      .updateTable('app_user')
      .set({ totp_last_step: String(step) })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
      .executeTakeFirst();
    return claimed.numUpdatedRows > 0n;
  }

  /** Uses a recovery code once; false when it is unknown or used. */
  async useRecoveryCode(userId: string, hash: Buffer): Promise<boolean> {
    const used = await this.db
      .updateTable('recovery_code')
      .set({ used_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return used.numUpdatedRows > 0n;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('recovery_code')
      .select((eb) => eb.fn.countAll<string>().as('left'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.left);
  }

  async createChallenge(challenge: {
    id: string;
    userId: string;
    organisationId: string;
    purpose: 'verify' | 'enrol';
    tokenHash: Buffer;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('sign_in_challenge')
      .values({
        id: challenge.id,
        user_id: challenge.userId,
        acting_organisation_id: challenge.organisationId,
        purpose: challenge.purpose,
        token_hash: challenge.tokenHash,
        expires_at: challenge.expiresAt,
      })
      .execute();
    // Old challenges of this account go: they are useless after a few minutes.
    await this.db
      .deleteFrom('sign_in_challenge')
      .where('user_id', '=', challenge.userId)
      .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
      .execute();
  }

  /** A live challenge (unused, not expired), locked for this transaction. */
  findLiveChallenge(tokenHash: Buffer) {
    return this.db
      .selectFrom('sign_in_challenge')
      .select(['id', 'user_id', 'acting_organisation_id', 'purpose'])
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
  }

  async useChallenge(id: string): Promise<void> {
    await this.db
      .updateTable('sign_in_challenge')
      .set({ used_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Needs the tenant entered: whether the organisation asks every member for a second factor. */
  async isRequiredBy(organisationId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('organisation')
      .select('two_factor_required')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return row?.two_factor_required ?? false;
  }

  async setRequired(organisationId: string, required: boolean): Promise<void> {
    await this.db
      .updateTable('organisation')
      .set({ two_factor_required: required, updated_at: sql<Date>`now()` })
      .where('organisation_id', '=', organisationId)
      .execute();
  }
}
