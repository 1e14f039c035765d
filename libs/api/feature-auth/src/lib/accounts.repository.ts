import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { Role } from '@kaizen/shared/domain-access';

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  locale: 'en' | 'nl';
}

export interface MembershipRow {
  id: string;
  organisationId: string;
  organisationName: string;
  currency: string;
  timeZone: string;
  userId: string;
  role: Role;
  status: 'active' | 'deactivated';
}

/** Accounts, their memberships as row-level security lets the account see them, and password resets. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: Db) {}

  findUserByEmail(email: string): Promise<UserRow | null> {
    return this.db.one(
      `SELECT id, email, password_hash AS "passwordHash", display_name AS "displayName", locale
         FROM app_user WHERE lower(email) = lower($1)`,
      [email],
    );
  }

  findUser(id: string): Promise<UserRow | null> {
    return this.db.one(
      `SELECT id, email, password_hash AS "passwordHash", display_name AS "displayName", locale FROM app_user WHERE id = $1`,
      [id],
    );
  }

  async createUser(user: Omit<UserRow, 'passwordHash'> & { passwordHash: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO app_user (id, email, password_hash, display_name, locale) VALUES ($1, $2, $3, $4, $5)`,
      [user.id, user.email, user.passwordHash, user.displayName, user.locale],
    );
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, passwordHash]);
  }

  /** Needs `app.user_id` set: the account's own memberships, across organisations, most recent first. */
  activeMembershipsOf(userId: string): Promise<MembershipRow[]> {
    return this.db.query(
      `SELECT m.id, m.organisation_id AS "organisationId", o.name AS "organisationName", o.currency, o.time_zone AS "timeZone",
              m.user_id AS "userId", m.role, m.status
         FROM membership m JOIN organisation o ON o.organisation_id = m.organisation_id
        WHERE m.user_id = $1 AND m.status = 'active'
        ORDER BY m.joined_at DESC`,
      [userId],
    );
  }

  async createOrganisation(org: { id: string; name: string; locale: 'en' | 'nl' }): Promise<void> {
    await this.db.query(`INSERT INTO organisation (organisation_id, name, locale) VALUES ($1, $2, $3)`, [
      org.id,
      org.name,
      org.locale,
    ]);
  }

  async createMembership(m: { organisationId: string; id: string; userId: string; role: Role }): Promise<void> {
    await this.db.query(`INSERT INTO membership (organisation_id, id, user_id, role) VALUES ($1, $2, $3, $4)`, [
      m.organisationId,
      m.id,
      m.userId,
      m.role,
    ]);
  }

  async createPasswordReset(reset: { id: string; userId: string; tokenHash: Buffer; expiresAt: Date }): Promise<void> {
    await this.db.query(`INSERT INTO password_reset (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
      reset.id,
      reset.userId,
      reset.tokenHash,
      reset.expiresAt,
    ]);
  }

  /** Marks a valid, unused reset as used and names its account; null when there is none. */
  async usePasswordReset(tokenHash: Buffer): Promise<string | null> {
    const row = await this.db.one<{ userId: string }>(
      `UPDATE password_reset SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id AS "userId"`,
      [tokenHash],
    );
    return row?.userId ?? null;
  }
}
