import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db } from '@kaizen/api/data-access-db';
import type { Role } from '@kaizen/shared/domain-access';
import type { MemberStanding } from '@kaizen/shared/domain-organisation';

/**
 * Who belongs to the organisation and where they sit: the membership and placement writes that the
 * organisation's own screens and SCIM provisioning both make, written once. Positions are dated, never overwritten.
 */
@Injectable()
export class PlacementsRepository {
  constructor(private readonly db: Db) {}

  /**
   * A person joins the organisation: at sign-up, on an accepted invitation, at a first SSO sign-in, or by SCIM.
   * `organisationId` names the organisation when it is not yet the transaction's own (a new one, say).
   */
  async addMembership(membership: {
    organisationId?: string;
    id: string;
    userId: string;
    role: Role;
    active?: boolean;
  }): Promise<void> {
    const active = membership.active ?? true;
    await this.db
      .insertInto('membership')
      .values({
        organisation_id: membership.organisationId ?? currentOrganisationId,
        id: membership.id,
        user_id: membership.userId,
        role: membership.role,
        status: active ? 'active' : 'deactivated',
        deactivated_at: active ? null : sql<Date>`now()`,
      })
      .execute();
  }

  /** Locks every membership, so two concurrent changes cannot both pass the last-admin rule. */
  async standings(): Promise<MemberStanding[]> {
    const rows = await this.db
      .selectFrom('membership')
      .select((eb) => ['id', 'role', eb('status', '=', 'active').$castTo<boolean>().as('active')])
      .where('organisation_id', '=', currentOrganisationId)
      .orderBy('id')
      .forUpdate()
      .execute();
    return rows.map((row) => ({ id: row.id, role: row.role as Role, active: row.active }));
  }

  /** Whether the membership's standing changed (one already so is left as it is). */
  async setActive(membershipId: string, active: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('membership')
      .set((eb) => ({
        status: active ? 'active' : 'deactivated',
        deactivated_at: active ? null : sql<Date>`now()`,
        version: eb('version', '+', 1),
      }))
      .where('organisation_id', '=', currentOrganisationId)
      .where('id', '=', membershipId)
      .where('status', '=', active ? 'deactivated' : 'active')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** A person who leaves stays the author of what they wrote; only their current team and department positions end. */
  async endAllPlacements(membershipId: string): Promise<void> {
    await this.db
      .with('placements_ended', (db) =>
        db
          .updateTable('team_membership')
          .set({ valid_to: sql<Date>`now()` })
          .where('membership_id', '=', membershipId)
          .where('valid_to', 'is', null),
      )
      .updateTable('department_head')
      .set({ valid_to: sql<Date>`now()` })
      .where('membership_id', '=', membershipId)
      .where('valid_to', 'is', null)
      .execute();
  }

  async createDepartment(id: string, name: string, parentId: string | null = null): Promise<void> {
    await this.db
      .insertInto('department')
      .values({ organisation_id: currentOrganisationId, id, name, parent_id: parentId })
      .execute();
  }

  async createTeam(team: { id: string; name: string; departmentId: string }): Promise<void> {
    await this.db
      .insertInto('team')
      .values({
        organisation_id: currentOrganisationId,
        id: team.id,
        name: team.name,
        department_id: team.departmentId,
      })
      .execute();
  }

  /** Archives the team and ends its placements, in one statement. */
  async archiveTeam(id: string): Promise<void> {
    await this.db
      .with('archived', (db) =>
        db
          .updateTable('team')
          .set({ archived_at: sql<Date>`now()` })
          .where('id', '=', id)
          .where('archived_at', 'is', null),
      )
      .updateTable('team_membership')
      .set({ valid_to: sql<Date>`now()` })
      .where('team_id', '=', id)
      .where('valid_to', 'is', null)
      .execute();
  }

  /**
   * Ends a current placement in the team (if any) and starts the new one: history is kept. Two statements, in
   * this order: the new row would clash with the current one in the unique index of current placements.
   */
  async place(placement: {
    id: string;
    teamId: string;
    membershipId: string;
    position: 'member' | 'lead';
  }): Promise<void> {
    await this.endPlacement(placement.teamId, placement.membershipId);
    await this.db
      .insertInto('team_membership')
      .values({
        organisation_id: currentOrganisationId,
        id: placement.id,
        team_id: placement.teamId,
        membership_id: placement.membershipId,
        position: placement.position,
      })
      .execute();
  }

  /** Whether there was a current placement to end. */
  async endPlacement(teamId: string, membershipId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('team_membership')
      .set({ valid_to: sql<Date>`now()` })
      .where('team_id', '=', teamId)
      .where('membership_id', '=', membershipId)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
