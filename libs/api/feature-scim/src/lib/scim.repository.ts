import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { jsonBuildObject } from 'kysely/helpers/postgres';
import { currentOrganisationId, Db, personName, sameTenant } from '@kaizen/api/data-access-db';
import { currentPlacementsOf } from '@kaizen/api/data-access-organisation';

export type ScimUserRow = NonNullable<Awaited<ReturnType<ScimRepository['findUser']>>>;
export type ScimGroupRow = NonNullable<Awaited<ReturnType<ScimRepository['findGroup']>>>;

/** The attribute a list may be filtered on, as the column it means. */
export type UserFilter = { attribute: 'userName' | 'externalId' | 'id'; value: string };
export type GroupFilter = { attribute: 'displayName' | 'externalId' | 'id'; value: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * What SCIM reads and writes: the organisation's people (Users: memberships with their accounts, except those
 * SCIM deleted) and its active teams (Groups), plus the directory's own ids for them.
 */
@Injectable()
export class ScimRepository {
  constructor(private readonly db: Db) {}

  async listUsers(filter: UserFilter | null, offset: number, limit: number) {
    const base = this.users().$if(filter !== null, (q) => {
      const { attribute, value } = filter as UserFilter;
      if (attribute === 'userName') return q.where(sql<boolean>`lower(u.email) = lower(${value})`);
      if (attribute === 'externalId') return q.where('s.external_id', '=', value);
      return isUuid(value) ? q.where('m.id', '=', value) : q.where(sql<boolean>`false`);
    });
    const [rows, total] = await Promise.all([
      base.orderBy('m.joined_at').orderBy('m.id').offset(offset).limit(limit).execute(),
      base
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.total) };
  }

  findUser(id: string) {
    return this.users().where('m.id', '=', id).executeTakeFirst();
  }

  /** An account by its e-mail address, and its membership here if it has one (also one SCIM deleted). */
  findAccount(email: string) {
    return this.db
      .selectFrom('app_user as u')
      .leftJoin('membership as m', (join) =>
        join.onRef('m.user_id', '=', 'u.id').on('m.organisation_id', '=', currentOrganisationId),
      )
      .leftJoin('scim_user as s', (join) => sameTenant(join, 's.membership_id', 'm.id'))
      .select(['u.id as user_id', 'm.id as membership_id', 's.deleted_at'])
      .where(sql<boolean>`lower(u.email) = lower(${email})`)
      .executeTakeFirst();
  }

  /** Records (or revives) the directory's hold on a person. */
  async provisioned(membershipId: string, externalId: string | null, ownsAccount?: boolean): Promise<void> {
    await this.db
      .insertInto('scim_user')
      .values({
        organisation_id: currentOrganisationId,
        membership_id: membershipId,
        external_id: externalId,
        owns_account: ownsAccount ?? false,
      })
      .onConflict((conflict) =>
        conflict.columns(['organisation_id', 'membership_id']).doUpdateSet((eb) => ({
          external_id: eb.ref('excluded.external_id'),
          owns_account:
            ownsAccount === undefined ? eb.ref('scim_user.owns_account') : eb.ref('excluded.owns_account'),
          deleted_at: null,
        })),
      )
      .execute();
  }

  async updateAccount(userId: string, change: { email: string; displayName: string }): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ email: change.email, display_name: change.displayName, updated_at: sql<Date>`now()` })
      .where('id', '=', userId)
      .execute();
  }

  /** Ends the person's sessions in this organisation (their sessions elsewhere are not this organisation's to end). */
  async revokeSessions(userId: string): Promise<void> {
    await this.db
      .updateTable('refresh_token')
      .set({ revoked_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('acting_organisation_id', '=', currentOrganisationId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async markDeleted(membershipId: string): Promise<void> {
    await this.db
      .updateTable('scim_user')
      .set({ deleted_at: sql<Date>`now()` })
      .where('membership_id', '=', membershipId)
      .execute();
  }

  async listGroups(filter: GroupFilter | null, offset: number, limit: number) {
    const base = this.groups().$if(filter !== null, (q) => {
      const { attribute, value } = filter as GroupFilter;
      if (attribute === 'displayName') return q.where(sql<boolean>`lower(t.name) = lower(${value})`);
      if (attribute === 'externalId') return q.where('g.external_id', '=', value);
      return isUuid(value) ? q.where('t.id', '=', value) : q.where(sql<boolean>`false`);
    });
    const [rows, total] = await Promise.all([
      base.orderBy('t.created_at').orderBy('t.id').offset(offset).limit(limit).execute(),
      base
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.total) };
  }

  findGroup(id: string) {
    return this.groups().where('t.id', '=', id).executeTakeFirst();
  }

  /** Where provisioned teams go: the organisation's oldest active department. */
  async firstDepartment(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('department')
      .select('id')
      .where('archived_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }

  async renameTeam(id: string, name: string): Promise<void> {
    await this.db.updateTable('team').set({ name }).where('id', '=', id).execute();
  }

  async groupProvisioned(teamId: string, externalId: string | null): Promise<void> {
    await this.db
      .insertInto('scim_group')
      .values({ organisation_id: currentOrganisationId, team_id: teamId, external_id: externalId })
      .onConflict((conflict) =>
        conflict
          .columns(['organisation_id', 'team_id'])
          .doUpdateSet((eb) => ({ external_id: eb.ref('excluded.external_id') })),
      )
      .execute();
  }

  /** Which of `ids` are Users here (memberships SCIM has not deleted). */
  async existingUsers(ids: string[]): Promise<string[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.users().where('m.id', 'in', valid).select('m.id as found').execute();
    return rows.map((row) => row.found);
  }

  private users() {
    return this.db
      .selectFrom('membership as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .leftJoin('scim_user as s', (join) => sameTenant(join, 's.membership_id', 'm.id'))
      .select((eb) => [
        'm.id',
        'm.user_id',
        'u.email',
        'u.display_name',
        'm.status',
        'm.role',
        'm.joined_at',
        sql<Date>`greatest(m.joined_at, m.deactivated_at, u.updated_at)`.as('modified_at'),
        's.external_id',
        eb.fn.coalesce('s.owns_account', sql<boolean>`false`).as('owns_account'),
        eb.fn
          .coalesce(
            currentPlacementsOf(this.db, eb, 'm.id')
              .select((inner) =>
                inner.fn
                  .jsonAgg(jsonBuildObject({ id: inner.ref('t.id'), name: inner.ref('t.name') }))
                  .$castTo<Array<{ id: string; name: string }>>()
                  .as('groups'),
              )
              .where('t.archived_at', 'is', null),
            sql<Array<{ id: string; name: string }>>`'[]'::json`,
          )
          .as('groups'),
      ])
      .where('s.deleted_at', 'is', null);
  }

  private groups() {
    return this.db
      .selectFrom('team as t')
      .leftJoin('scim_group as g', (join) => sameTenant(join, 'g.team_id', 't.id'))
      .select((eb) => [
        't.id',
        't.name',
        't.created_at',
        'g.external_id',
        eb.fn
          .coalesce(
            eb
              .selectFrom('team_membership as tm')
              .select((inner) =>
                inner.fn
                  .jsonAgg(
                    jsonBuildObject({
                      id: inner.ref('tm.membership_id'),
                      name: personName(this.db, inner, 'tm.membership_id'),
                    }),
                  )
                  .$castTo<Array<{ id: string; name: string }>>()
                  .as('members'),
              )
              .whereRef('tm.team_id', '=', 't.id')
              .where('tm.valid_to', 'is', null),
            sql<Array<{ id: string; name: string }>>`'[]'::json`,
          )
          .as('members'),
      ])
      .where('t.archived_at', 'is', null);
  }
}
