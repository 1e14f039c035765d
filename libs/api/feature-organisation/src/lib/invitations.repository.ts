import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { Role } from '@kaizen/shared/domain-access';
import type { InvitationDto } from './organisation.dto';

const invitationColumns = `id, email, role, expires_at AS "expiresAt", created_at AS "createdAt",
  CASE WHEN accepted_at IS NOT NULL THEN 'accepted' WHEN revoked_at IS NOT NULL THEN 'revoked'
       WHEN expires_at <= now() THEN 'expired' ELSE 'open' END AS state`;

/** The admin's side of invitations; the token itself is never stored, only its hash. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<InvitationDto[]> {
    return this.db.query(`SELECT ${invitationColumns} FROM invitation ORDER BY created_at DESC`);
  }

  find(id: string): Promise<InvitationDto | null> {
    return this.db.one(`SELECT ${invitationColumns} FROM invitation WHERE id = $1`, [id]);
  }

  async create(invitation: { id: string; email: string; role: Role; tokenHash: Buffer; invitedBy: string; expiresAt: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO invitation (organisation_id, id, email, role, token_hash, invited_by, expires_at)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6)`,
      [invitation.id, invitation.email, invitation.role, invitation.tokenHash, invitation.invitedBy, invitation.expiresAt],
    );
  }

  /** Revokes it while it is still open; false when it was already used, revoked or expired. */
  async revoke(id: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE invitation SET revoked_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async activeMemberWithEmail(email: string): Promise<boolean> {
    const row = await this.db.one(
      `SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = current_organisation_id() AND lower(u.email) = lower($1) AND m.status = 'active'`,
      [email],
    );
    return row !== null;
  }
}
