import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Db } from '@kaizen/api/data-access-db';

export type RefreshTokenRow = NonNullable<Awaited<ReturnType<SessionsRepository['findForUpdate']>>>;

/** Refresh tokens, rotated on each use; all tokens of one sign-in share a family. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Db) {}

  async create(token: {
    id: string;
    familyId: string;
    userId: string;
    organisationId: string;
    tokenHash: Buffer;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('refresh_token')
      .values({
        id: token.id,
        family_id: token.familyId,
        user_id: token.userId,
        acting_organisation_id: token.organisationId,
        token_hash: token.tokenHash,
        expires_at: token.expiresAt,
      })
      .execute();
  }

  /** Locks the row, so two refreshes racing with one token run one after the other; `just_used`: used within `graceSeconds`. */
  findForUpdate(tokenHash: Buffer, graceSeconds = 0) {
    return this.db
      .selectFrom('refresh_token')
      .select((eb) => [
        'id',
        'family_id',
        'user_id',
        'acting_organisation_id',
        eb('expires_at', '<=', sql<Date>`now()`)
          .$castTo<boolean>()
          .as('expired'),
        'used_at',
        'revoked_at',
        eb.fn
          .coalesce(
            eb('used_at', '>', sql<Date>`now() - make_interval(secs => ${graceSeconds})`),
            sql<boolean>`false`,
          )
          .$castTo<boolean>()
          .as('just_used'),
      ])
      .where('token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  }

  async markUsed(id: string): Promise<void> {
    await this.db
      .updateTable('refresh_token')
      .set({ used_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .updateTable('refresh_token')
      .set({ revoked_at: sql<Date>`now()` })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.db
      .updateTable('refresh_token')
      .set({ revoked_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
