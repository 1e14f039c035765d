import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { Role } from '@kaizen/shared/domain-access';
import type { MemberStanding } from '@kaizen/shared/domain-organisation';
import type { MemberDto } from './organisation.dto';

const memberColumns = `m.id, m.user_id AS "userId", u.display_name AS "displayName", u.email, m.role, m.status,
  m.joined_at AS "joinedAt", m.version,
  coalesce((SELECT json_agg(json_build_object('teamId', t.id, 'teamName', t.name, 'position', tm.position) ORDER BY t.name)
              FROM team_membership tm JOIN team t ON t.organisation_id = tm.organisation_id AND t.id = tm.team_id
             WHERE tm.organisation_id = m.organisation_id AND tm.membership_id = m.id AND tm.valid_to IS NULL), '[]') AS teams`;

/** The organisation's people: their role, their standing, and their current teams. */
@Injectable()
export class MembersRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<MemberDto[]> {
    return this.db.query(
      `SELECT ${memberColumns} FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = current_organisation_id() ORDER BY m.status, u.display_name`,
    );
  }

  find(id: string): Promise<MemberDto | null> {
    return this.db.one(
      `SELECT ${memberColumns} FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = current_organisation_id() AND m.id = $1`,
      [id],
    );
  }

  /** Locks every membership row, so two concurrent demotions cannot both pass the last-admin rule. */
  standings(): Promise<MemberStanding[]> {
    return this.db.query(
      `SELECT id, role, status = 'active' AS active FROM membership
        WHERE organisation_id = current_organisation_id() ORDER BY id FOR UPDATE`,
    );
  }

  async update(id: string, version: number, change: { role?: Role; status?: 'active' | 'deactivated' }): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE membership SET role = coalesce($3, role), status = coalesce($4, status),
              deactivated_at = CASE WHEN $4 = 'deactivated' THEN now() WHEN $4 = 'active' THEN NULL ELSE deactivated_at END,
              version = version + 1
        WHERE organisation_id = current_organisation_id() AND id = $1 AND version = $2 RETURNING id`,
      [id, version, change.role ?? null, change.status ?? null],
    );
    return rows.length > 0;
  }

  /** A person who leaves a team's roster stays its author; only current placements end. */
  async endAllPlacements(id: string): Promise<void> {
    await this.db.query(`UPDATE team_membership SET valid_to = now() WHERE membership_id = $1 AND valid_to IS NULL`, [id]);
    await this.db.query(`UPDATE department_head SET valid_to = now() WHERE membership_id = $1 AND valid_to IS NULL`, [id]);
  }

  async isActiveMember(id: string): Promise<boolean> {
    const row = await this.db.one(`SELECT 1 FROM membership WHERE id = $1 AND status = 'active'`, [id]);
    return row !== null;
  }

  displayNameOf(userId: string): Promise<{ displayName: string } | null> {
    return this.db.one(`SELECT display_name AS "displayName" FROM app_user WHERE id = $1`, [userId]);
  }
}
