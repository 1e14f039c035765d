import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  currentOrganisationId,
  Db,
  departmentAncestors,
  isActive,
  keysetPage,
  personName,
  rowExists,
} from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';

export type DepartmentRow = NonNullable<Awaited<ReturnType<StructureRepository['department']>>>;
export type TeamRow = NonNullable<Awaited<ReturnType<StructureRepository['team']>>>;
export type PlacementRow = Awaited<ReturnType<StructureRepository['placements']>>[number];

/** Departments, teams, and who sits where; positions are dated, never overwritten. */
@Injectable()
export class StructureRepository {
  constructor(private readonly db: Db) {}

  activeDepartments(page: PageQueryDto) {
    return keysetPage(
      this.departmentRows().where('d.archived_at', 'is', null),
      { by: 'd.name', id: 'd.id', sort: 'text' },
      page,
    );
  }

  department(id: string) {
    return this.departmentRows().where('d.id', '=', id).executeTakeFirst();
  }

  isActiveDepartment(id: string): Promise<boolean> {
    return isActive(this.db, 'department', id);
  }

  /** Whether `candidate` is the department itself or one above it: moving `candidate` under it would make a loop. */
  isSelfOrAncestor(candidate: string, departmentId: string): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom(departmentAncestors(departmentId).as('chain'))
        .select('chain.id')
        .where('chain.id', '=', candidate),
    );
  }

  /** An absent field keeps its value; `parentId: null` moves the department to the top level. */
  async updateDepartment(id: string, change: { name?: string; parentId?: string | null }): Promise<void> {
    await this.db
      .updateTable('department')
      .set((eb) => ({
        name: change.name ?? eb.ref('name'),
        parent_id: change.parentId === undefined ? eb.ref('parent_id') : change.parentId,
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Counts what still hangs under a department: active sub-departments and teams. */
  async dependentsOf(departmentId: string): Promise<number> {
    const row = await this.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('department')
          .select((inner) => inner.fn.countAll<string>().as('n'))
          .where('parent_id', '=', departmentId)
          .where('archived_at', 'is', null)
          .as('departments'),
        eb
          .selectFrom('team')
          .select((inner) => inner.fn.countAll<string>().as('n'))
          .where('department_id', '=', departmentId)
          .where('archived_at', 'is', null)
          .as('teams'),
      ])
      .executeTakeFirstOrThrow();
    return Number(row.departments) + Number(row.teams);
  }

  /** Archives the department and ends its heads' terms, in one statement. */
  async archiveDepartment(id: string): Promise<void> {
    await this.db
      .with('archived', (db) =>
        db
          .updateTable('department')
          .set({ archived_at: sql<Date>`now()` })
          .where('id', '=', id)
          .where('archived_at', 'is', null),
      )
      .updateTable('department_head')
      .set({ valid_to: sql<Date>`now()` })
      .where('department_id', '=', id)
      .where('valid_to', 'is', null)
      .execute();
  }

  async appointHead(id: string, departmentId: string, membershipId: string): Promise<void> {
    await this.db
      .insertInto('department_head')
      .values({
        organisation_id: currentOrganisationId,
        id,
        department_id: departmentId,
        membership_id: membershipId,
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  async endHead(departmentId: string, membershipId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('department_head')
      .set({ valid_to: sql<Date>`now()` })
      .where('department_id', '=', departmentId)
      .where('membership_id', '=', membershipId)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  teams(query: PageQueryDto & { departmentId?: string }) {
    return keysetPage(
      this.db
        .selectFrom('team')
        .select(['id', 'name', 'department_id', 'archived_at'])
        .where('archived_at', 'is', null)
        .$if(query.departmentId !== undefined, (rows) =>
          rows.where('department_id', '=', query.departmentId as string),
        ),
      { by: 'name', id: 'id', sort: 'text' },
      query,
    );
  }

  team(id: string) {
    return this.db
      .selectFrom('team')
      .select(['id', 'name', 'department_id', 'archived_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** An absent field keeps its value. */
  async updateTeam(id: string, change: { name?: string; departmentId?: string }): Promise<void> {
    await this.db
      .updateTable('team')
      .set((eb) => ({
        name: change.name ?? eb.ref('name'),
        department_id: change.departmentId ?? eb.ref('department_id'),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Current placements, of one team or of all, by position as text descending (members before leads), then by name. */
  placements(teamId?: string) {
    return this.db
      .selectFrom('team_membership as tm')
      .select((eb) => [
        'tm.team_id',
        'tm.membership_id',
        personName(this.db, eb, 'tm.membership_id').as('display_name'),
        'tm.position',
        'tm.valid_from',
      ])
      .where('tm.valid_to', 'is', null)
      .$if(teamId !== undefined, (query) => query.where('tm.team_id', '=', teamId as string))
      .orderBy('tm.position', 'desc')
      .orderBy('display_name')
      .execute();
  }

  /** Departments with their current heads, longest-serving first. */
  private departmentRows() {
    return this.db.selectFrom('department as d').select((eb) => [
      'd.id',
      'd.name',
      'd.parent_id',
      'd.archived_at',
      eb.fn
        .coalesce(
          eb
            .selectFrom('department_head as h')
            .select((inner) =>
              inner.fn.agg<string[]>('array_agg', ['h.membership_id']).orderBy('h.valid_from').as('ids'),
            )
            .whereRef('h.organisation_id', '=', 'd.organisation_id')
            .whereRef('h.department_id', '=', 'd.id')
            .where('h.valid_to', 'is', null),
          sql<string[]>`'{}'`,
        )
        .as('head_ids'),
    ]);
  }
}
