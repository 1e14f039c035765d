import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db, keysetPage, rowExists } from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';
import type { Role } from '@kaizen/shared/domain-access';

export type InvitationRow = NonNullable<Awaited<ReturnType<InvitationsRepository['find']>>>;

/** The admin's side of invitations; the token itself is never stored, only its hash. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly db: Db) {}

  /** Newest first. */
  list(page: PageQueryDto) {
    return keysetPage(
      this.invitationRows(),
      { by: 'created_at', id: 'id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  find(id: string) {
    return this.invitationRows().where('id', '=', id).executeTakeFirst();
  }

  async create(invitation: {
    id: string;
    email: string;
    role: Role;
    tokenHash: Buffer;
    invitedBy: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('invitation')
      .values({
        organisation_id: currentOrganisationId,
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        token_hash: invitation.tokenHash,
        invited_by: invitation.invitedBy,
        expires_at: invitation.expiresAt,
      })
      .execute();
  }

  /** Revokes it while it is still open; false when it was already used, revoked or expired. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('invitation')
      .set({ revoked_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  activeMemberWithEmail(email: string): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom('membership as m')
        .innerJoin('app_user as u', 'u.id', 'm.user_id')
        .select('m.id')
        .where('m.organisation_id', '=', currentOrganisationId)
        .where((eb) => eb(eb.fn('lower', ['u.email']), '=', eb.fn('lower', [eb.val(email)])))
        .where('m.status', '=', 'active'),
    );
  }

  private invitationRows() {
    return this.db.selectFrom('invitation').select((eb) => [
      'id',
      'email',
      'role',
      'expires_at',
      'created_at',
      eb
        .case()
        .when('accepted_at', 'is not', null)
        .then('accepted' as const)
        .when('revoked_at', 'is not', null)
        .then('revoked' as const)
        .when('expires_at', '<=', sql<Date>`now()`)
        .then('expired' as const)
        .else('open' as const)
        .end()
        .as('state'),
    ]);
  }
}
