import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Db } from '@kaizen/api/data-access-db';
import type { Role } from '@kaizen/shared/domain-access';

export type InvitationRow = NonNullable<Awaited<ReturnType<InvitationsAcceptanceRepository['findByToken']>>>;

/** The invitee's side: row-level security shows an invitation only to the holder of its token. */
@Injectable()
export class InvitationsAcceptanceRepository {
  constructor(private readonly db: Db) {}

  /** `invited_by` is the membership that sent it. */
  findByToken(tokenHash: Buffer) {
    return this.db
      .selectFrom('invitation')
      .select((eb) => [
        'id',
        'organisation_id',
        'email',
        'role',
        'expires_at',
        'invited_by',
        eb
          .and([
            eb('accepted_at', 'is', null),
            eb('revoked_at', 'is', null),
            eb('expires_at', '>', sql<Date>`now()`),
          ])
          .$castTo<boolean>()
          .as('usable'),
      ])
      .where('token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  }

  /** After entering the invitation's organisation. */
  async organisationName(organisationId: string): Promise<string> {
    const row = await this.db
      .selectFrom('organisation')
      .select('name')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return row?.name ?? '';
  }

  /** After entering the invitation's organisation: who sent it, by the name they go by. */
  async inviterName(membershipId: string): Promise<string> {
    const row = await this.db
      .selectFrom('membership as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select('u.display_name')
      .where('m.id', '=', membershipId)
      .executeTakeFirst();
    return row?.display_name ?? '';
  }

  async markAccepted(organisationId: string, id: string, membershipId: string): Promise<void> {
    await this.db
      .updateTable('invitation')
      .set({ accepted_at: sql<Date>`now()`, accepted_membership_id: membershipId })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }

  findMembership(organisationId: string, userId: string) {
    return this.db
      .selectFrom('membership')
      .select(['id', 'status'])
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async reactivate(organisationId: string, id: string, role: Role): Promise<void> {
    await this.db
      .updateTable('membership')
      .set((eb) => ({ status: 'active', deactivated_at: null, role, version: eb('version', '+', 1) }))
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }
}
