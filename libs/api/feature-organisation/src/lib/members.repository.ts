import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { jsonBuildObject } from 'kysely/helpers/postgres';
import { currentOrganisationId, Db, keysetPage, rowExists } from '@kaizen/api/data-access-db';
import { currentPlacementsOf } from '@kaizen/api/data-access-organisation';
import type { PageQueryDto } from '@kaizen/api/util-core';
import type { Role } from '@kaizen/shared/domain-access';

export type MemberRow = NonNullable<Awaited<ReturnType<MembersRepository['find']>>>;

/** The organisation's people: their role, their standing, and their current teams. */
@Injectable()
export class MembersRepository {
  constructor(private readonly db: Db) {}

  /** By name; deactivated people stay in the list, marked by their status. */
  list(page: PageQueryDto) {
    return keysetPage(this.memberRows(), { by: 'u.display_name', id: 'm.id', sort: 'text' }, page);
  }

  find(id: string) {
    return this.memberRows().where('m.id', '=', id).executeTakeFirst();
  }

  /** Applies the change only if `version` is still current; an absent field keeps its value. */
  async update(
    id: string,
    version: number,
    change: { role?: Role; status?: 'active' | 'deactivated' },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('membership')
      .set((eb) => ({
        role: change.role ?? undefined,
        status: change.status ?? undefined,
        deactivated_at:
          change.status === 'deactivated' ? sql<Date>`now()` : change.status === 'active' ? null : undefined,
        version: eb('version', '+', 1),
      }))
      .where('organisation_id', '=', currentOrganisationId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  isActiveMember(id: string): Promise<boolean> {
    return rowExists(
      this.db.selectFrom('membership').select('id').where('id', '=', id).where('status', '=', 'active'),
    );
  }

  async displayNameOf(userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('app_user')
      .select('display_name')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.display_name ?? null;
  }

  /** Members of the acting organisation with their account and their current teams, by team name. */
  private memberRows() {
    return this.db
      .selectFrom('membership as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select((eb) => [
        'm.id',
        'm.user_id',
        'u.display_name',
        'u.email',
        'm.role',
        'm.status',
        'm.joined_at',
        'm.version',
        eb.fn
          .coalesce(
            currentPlacementsOf(this.db, eb, 'm.id').select((inner) =>
              inner.fn
                .jsonAgg(
                  jsonBuildObject({
                    team_id: inner.ref('t.id'),
                    team_name: inner.ref('t.name'),
                    position: inner.ref('tm.position'),
                  }),
                )
                .orderBy('t.name')
                .as('teams'),
            ),
            sql<Array<{ team_id: string; team_name: string; position: string }>>`'[]'`,
          )
          .as('teams'),
      ])
      .where('m.organisation_id', '=', currentOrganisationId);
  }
}
