import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';

export interface RefreshTokenRow {
  id: string;
  familyId: string;
  userId: string;
  organisationId: string;
  expired: boolean;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** Used within the last `graceSeconds`. */
  justUsed: boolean;
}

/** Refresh tokens, rotated on each use; all tokens of one sign-in share a family. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Db) {}

  async create(token: { id: string; familyId: string; userId: string; organisationId: string; tokenHash: Buffer; expiresAt: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO refresh_token (id, family_id, user_id, acting_organisation_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [token.id, token.familyId, token.userId, token.organisationId, token.tokenHash, token.expiresAt],
    );
  }

  /** Locks the row, so two refreshes racing with one token run one after the other. */
  findForUpdate(tokenHash: Buffer, graceSeconds = 0): Promise<RefreshTokenRow | null> {
    return this.db.one(
      `SELECT id, family_id AS "familyId", user_id AS "userId", acting_organisation_id AS "organisationId",
              expires_at <= now() AS expired, used_at AS "usedAt", revoked_at AS "revokedAt",
              coalesce(used_at > now() - make_interval(secs => $2), false) AS "justUsed"
         FROM refresh_token WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash, graceSeconds],
    );
  }

  async markUsed(id: string): Promise<void> {
    await this.db.query(`UPDATE refresh_token SET used_at = now() WHERE id = $1`, [id]);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.db.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
