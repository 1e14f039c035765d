import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { accountMemberships, Db } from '@kaizen/api/data-access-db';

export type UserRow = NonNullable<Awaited<ReturnType<AccountsRepository['findUser']>>>;
export type MembershipRow = Awaited<ReturnType<AccountsRepository['activeMembershipsOf']>>[number];

const userColumns = ['id', 'email', 'password_hash', 'display_name', 'locale'] as const;

/** Accounts, their memberships as row-level security lets the account see them, and password resets. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: Db) {}

  findUser(id: string) {
    return this.db.selectFrom('app_user').select(userColumns).where('id', '=', id).executeTakeFirst();
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where('id', '=', userId)
      .execute();
  }

  /** Needs `app.user_id` set: the account's own memberships, across organisations, most recent first. */
  activeMembershipsOf(userId: string) {
    return this.db
      .selectFrom(accountMemberships().as('m'))
      .select([
        'm.id',
        'm.organisation_id',
        'm.organisation_name',
        'm.currency',
        'm.time_zone',
        'm.user_id',
        'm.role',
      ])
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .orderBy('m.joined_at', 'desc')
      .execute();
  }

  async createOrganisation(org: { id: string; name: string; locale: 'en' | 'nl' }): Promise<void> {
    await this.db
      .insertInto('organisation')
      .values({ organisation_id: org.id, name: org.name, locale: org.locale })
      .execute();
  }

  async createPasswordReset(reset: {
    id: string;
    userId: string;
    tokenHash: Buffer;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('password_reset')
      .values({
        id: reset.id,
        user_id: reset.userId,
        token_hash: reset.tokenHash,
        expires_at: reset.expiresAt,
      })
      .execute();
  }

  /** Marks a valid, unused reset as used and names its account; null when there is none. */
  async usePasswordReset(tokenHash: Buffer): Promise<string | null> {
    const row = await this.db
      .updateTable('password_reset')
      .set({ used_at: sql<Date>`now()` })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id ?? null;
  }
}
