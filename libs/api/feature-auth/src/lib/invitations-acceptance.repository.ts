import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { Role } from '@kaizen/shared/domain-access';

export interface OpenInvitation {
  id: string;
  organisationId: string;
  email: string;
  role: Role;
  expiresAt: Date;
  usable: boolean;
  /** The membership that sent it. */
  invitedBy: string;
}

/** The invitee's side: row-level security shows an invitation only to the holder of its token. */
@Injectable()
export class InvitationsAcceptanceRepository {
  constructor(private readonly db: Db) {}

  findByToken(tokenHash: Buffer): Promise<OpenInvitation | null> {
    return this.db.one(
      `SELECT id, organisation_id AS "organisationId", email, role, expires_at AS "expiresAt", invited_by AS "invitedBy",
              (accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()) AS usable
         FROM invitation WHERE token_hash = $1
        FOR UPDATE`,
      [tokenHash],
    );
  }

  /** After entering the invitation's organisation. */
  async organisationName(organisationId: string): Promise<string> {
    const row = await this.db.one<{ name: string }>(`SELECT name FROM organisation WHERE organisation_id = $1`, [organisationId]);
    return row?.name ?? '';
  }

  /** After entering the invitation's organisation: who sent it, by the name they go by. */
  async inviterName(membershipId: string): Promise<string> {
    const row = await this.db.one<{ name: string }>(
      `SELECT u.display_name AS name FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.id = $1`,
      [membershipId],
    );
    return row?.name ?? '';
  }

  async markAccepted(organisationId: string, id: string, membershipId: string): Promise<void> {
    await this.db.query(
      `UPDATE invitation SET accepted_at = now(), accepted_membership_id = $3 WHERE organisation_id = $1 AND id = $2`,
      [organisationId, id, membershipId],
    );
  }

  findMembership(organisationId: string, userId: string): Promise<{ id: string; status: string } | null> {
    return this.db.one(`SELECT id, status FROM membership WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
  }

  async reactivate(organisationId: string, id: string, role: Role): Promise<void> {
    await this.db.query(
      `UPDATE membership SET status = 'active', deactivated_at = NULL, role = $3, version = version + 1
        WHERE organisation_id = $1 AND id = $2`,
      [organisationId, id, role],
    );
  }
}
