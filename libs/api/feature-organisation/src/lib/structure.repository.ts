import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { DepartmentDto, TeamDto, TeamMemberDto } from './organisation.dto';

const departmentColumns = `d.id, d.name, d.parent_id AS "parentId", d.archived_at AS "archivedAt",
  coalesce((SELECT array_agg(h.membership_id ORDER BY h.valid_from) FROM department_head h
             WHERE h.organisation_id = d.organisation_id AND h.department_id = d.id AND h.valid_to IS NULL), '{}') AS "headIds"`;

/** Departments, teams, and who sits where; positions are dated, never overwritten. */
@Injectable()
export class StructureRepository {
  constructor(private readonly db: Db) {}

  departments(includeArchived = false): Promise<DepartmentDto[]> {
    return this.db.query(
      `SELECT ${departmentColumns} FROM department d WHERE ($1 OR d.archived_at IS NULL) ORDER BY d.name`,
      [includeArchived],
    );
  }

  department(id: string): Promise<DepartmentDto | null> {
    return this.db.one(`SELECT ${departmentColumns} FROM department d WHERE d.id = $1`, [id]);
  }

  async createDepartment(id: string, name: string, parentId: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO department (organisation_id, id, name, parent_id) VALUES (current_organisation_id(), $1, $2, $3)`,
      [id, name, parentId],
    );
  }

  async updateDepartment(id: string, change: { name?: string; parentId?: string | null }): Promise<void> {
    await this.db.query(
      `UPDATE department SET name = coalesce($2, name), parent_id = CASE WHEN $3 THEN $4::uuid ELSE parent_id END WHERE id = $1`,
      [id, change.name ?? null, change.parentId !== undefined, change.parentId ?? null],
    );
  }

  /** Counts what still hangs under a department: active sub-departments and teams. */
  async dependentsOf(departmentId: string): Promise<number> {
    const row = await this.db.one<{ count: number }>(
      `SELECT (SELECT count(*) FROM department WHERE parent_id = $1 AND archived_at IS NULL)
            + (SELECT count(*) FROM team WHERE department_id = $1 AND archived_at IS NULL) AS count`,
      [departmentId],
    );
    return Number(row?.count ?? 0);
  }

  async archiveDepartment(id: string): Promise<void> {
    await this.db.query(`UPDATE department SET archived_at = now() WHERE id = $1 AND archived_at IS NULL`, [id]);
    await this.db.query(`UPDATE department_head SET valid_to = now() WHERE department_id = $1 AND valid_to IS NULL`, [id]);
  }

  async appointHead(id: string, departmentId: string, membershipId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO department_head (organisation_id, id, department_id, membership_id)
       VALUES (current_organisation_id(), $1, $2, $3) ON CONFLICT DO NOTHING`,
      [id, departmentId, membershipId],
    );
  }

  async endHead(departmentId: string, membershipId: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE department_head SET valid_to = now() WHERE department_id = $1 AND membership_id = $2 AND valid_to IS NULL RETURNING id`,
      [departmentId, membershipId],
    );
    return rows.length > 0;
  }

  async teams(departmentId?: string): Promise<TeamDto[]> {
    const teams = await this.db.query<Omit<TeamDto, 'members'>>(
      `SELECT id, name, department_id AS "departmentId", archived_at AS "archivedAt" FROM team
        WHERE archived_at IS NULL AND ($1::uuid IS NULL OR department_id = $1) ORDER BY name`,
      [departmentId ?? null],
    );
    const members = await this.currentPlacements();
    return teams.map((team) => ({ ...team, members: members.get(team.id) ?? [] }));
  }

  async team(id: string): Promise<TeamDto | null> {
    const team = await this.db.one<Omit<TeamDto, 'members'>>(
      `SELECT id, name, department_id AS "departmentId", archived_at AS "archivedAt" FROM team WHERE id = $1`,
      [id],
    );
    if (!team) return null;
    return { ...team, members: (await this.currentPlacements(id)).get(id) ?? [] };
  }

  async createTeam(id: string, name: string, departmentId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO team (organisation_id, id, name, department_id) VALUES (current_organisation_id(), $1, $2, $3)`,
      [id, name, departmentId],
    );
  }

  async updateTeam(id: string, change: { name?: string; departmentId?: string }): Promise<void> {
    await this.db.query(`UPDATE team SET name = coalesce($2, name), department_id = coalesce($3, department_id) WHERE id = $1`, [
      id,
      change.name ?? null,
      change.departmentId ?? null,
    ]);
  }

  async archiveTeam(id: string): Promise<void> {
    await this.db.query(`UPDATE team SET archived_at = now() WHERE id = $1 AND archived_at IS NULL`, [id]);
    await this.db.query(`UPDATE team_membership SET valid_to = now() WHERE team_id = $1 AND valid_to IS NULL`, [id]);
  }

  /** Ends a current placement in the team (if any) and starts the new one: history is kept. */
  async place(id: string, teamId: string, membershipId: string, position: 'member' | 'lead'): Promise<void> {
    await this.endPlacement(teamId, membershipId);
    await this.db.query(
      `INSERT INTO team_membership (organisation_id, id, team_id, membership_id, position)
       VALUES (current_organisation_id(), $1, $2, $3, $4)`,
      [id, teamId, membershipId, position],
    );
  }

  async endPlacement(teamId: string, membershipId: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE team_membership SET valid_to = now() WHERE team_id = $1 AND membership_id = $2 AND valid_to IS NULL RETURNING id`,
      [teamId, membershipId],
    );
    return rows.length > 0;
  }

  private async currentPlacements(teamId?: string): Promise<Map<string, TeamMemberDto[]>> {
    const rows = await this.db.query<TeamMemberDto & { teamId: string }>(
      `SELECT tm.team_id AS "teamId", tm.membership_id AS "membershipId", u.display_name AS "displayName",
              tm.position, tm.valid_from AS since
         FROM team_membership tm
         JOIN membership m ON m.organisation_id = tm.organisation_id AND m.id = tm.membership_id
         JOIN app_user u ON u.id = m.user_id
        WHERE tm.valid_to IS NULL AND ($1::uuid IS NULL OR tm.team_id = $1)
        ORDER BY tm.position DESC, u.display_name`,
      [teamId ?? null],
    );
    const byTeam = new Map<string, TeamMemberDto[]>();
    for (const { teamId: team, ...member } of rows) byTeam.set(team, [...(byTeam.get(team) ?? []), member]);
    return byTeam;
  }
}
