import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { accountMemberships, Db, PlatformDb, rowExists } from '@kaizen/api/data-access-db';
import type { Role } from '@kaizen/shared/domain-access';

export type ConnectionRow = NonNullable<Awaited<ReturnType<SsoRepository['connection']>>>;
export type SsoSessionRow = NonNullable<Awaited<ReturnType<SsoRepository['session']>>>;

export interface ConnectionValues {
  organisationId: string;
  slug: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: Buffer;
  allowedDomains: string[];
  defaultRole: Role;
  required: boolean;
  breakGlassMembershipId: string | null;
}

/** The organisation's connection to its OpenID provider, subject links, and SSO sessions. */
@Injectable()
export class SsoRepository {
  constructor(
    private readonly db: Db,
    private readonly platform: PlatformDb,
  ) {}

  /** Outside any tenant: which organisation signs in with this name. */
  async organisationBySlug(slug: string): Promise<string | null> {
    const row = await this.platform
      .selectFrom('sso_directory')
      .select('tenant_id')
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row?.tenant_id ?? null;
  }

  /** The connection of the organisation in scope. */
  connection() {
    return this.db
      .selectFrom('sso_connection')
      .select([
        'organisation_id',
        'slug',
        'issuer',
        'client_id',
        'client_secret_sealed',
        'allowed_domains',
        'default_role',
        'required',
        'break_glass_membership_id',
        'version',
        'updated_at',
      ])
      .executeTakeFirst();
  }

  async saveConnection(c: ConnectionValues): Promise<void> {
    const values = {
      slug: c.slug,
      issuer: c.issuer,
      client_id: c.clientId,
      client_secret_sealed: c.clientSecretSealed,
      allowed_domains: c.allowedDomains,
      default_role: c.defaultRole,
      required: c.required,
      break_glass_membership_id: c.breakGlassMembershipId,
    };
    await this.db
      .insertInto('sso_connection')
      .values({ organisation_id: c.organisationId, ...values })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          ...values,
          version: sql<number>`sso_connection.version + 1`,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
    // The global name → organisation entry follows the connection; a name another organisation holds is a 409.
    await this.db.deleteFrom('sso_directory').where('tenant_id', '=', c.organisationId).execute();
    await this.db.insertInto('sso_directory').values({ slug: c.slug, tenant_id: c.organisationId }).execute();
  }

  async removeConnection(organisationId: string): Promise<boolean> {
    await this.db.deleteFrom('sso_directory').where('tenant_id', '=', organisationId).execute();
    const removed = await this.db.deleteFrom('sso_connection').executeTakeFirst();
    return removed.numDeletedRows > 0n;
  }

  /** An active admin of the organisation in scope: the only kind of member that may be the break-glass account. */
  isActiveAdmin(membershipId: string): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom('membership')
        .select('id')
        .where('organisation_id', '=', sql<string>`current_organisation_id()`)
        .where('id', '=', membershipId)
        .where('status', '=', 'active')
        .where('role', '=', 'org_admin'),
    );
  }

  userBySubject(subject: string) {
    return this.db
      .selectFrom('sso_identity as i')
      .innerJoin('app_user as u', 'u.id', 'i.user_id')
      .select(['u.id', 'u.email'])
      .where('i.subject', '=', subject)
      .executeTakeFirst();
  }

  async linkSubject(organisationId: string, subject: string, userId: string): Promise<void> {
    await this.db
      .insertInto('sso_identity')
      .values({ organisation_id: organisationId, subject, user_id: userId })
      .onConflict((oc) => oc.columns(['organisation_id', 'subject']).doNothing())
      .execute();
  }

  /** The person's membership of the organisation in scope, whatever its status. */
  membershipOf(userId: string) {
    return this.db
      .selectFrom('membership')
      .select(['id', 'role', 'status'])
      .where('organisation_id', '=', sql<string>`current_organisation_id()`)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Needs `app.user_id` set: the organisations the account is an active member of, and as which membership. */
  activeMembershipsOf(userId: string) {
    return this.db
      .selectFrom(accountMemberships().as('m'))
      .select(['m.id', 'm.organisation_id'])
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .execute();
  }

  async createSession(s: {
    organisationId: string;
    familyId: string;
    userId: string;
    subject: string;
    refreshSealed: Buffer | null;
    accessSealed: Buffer | null;
  }): Promise<void> {
    await this.db
      .insertInto('sso_session')
      .values({
        organisation_id: s.organisationId,
        family_id: s.familyId,
        user_id: s.userId,
        subject: s.subject,
        provider_refresh_sealed: s.refreshSealed,
        provider_access_sealed: s.accessSealed,
      })
      .execute();
  }

  /** `recently_checked`: the provider confirmed the person within the last hour. */
  session(familyId: string) {
    return this.db
      .selectFrom('sso_session')
      .select((eb) => [
        'family_id',
        'subject',
        'provider_refresh_sealed',
        'provider_access_sealed',
        eb('checked_at', '>', sql<Date>`now() - interval '1 hour'`)
          .$castTo<boolean>()
          .as('recently_checked'),
      ])
      .where('family_id', '=', familyId)
      .executeTakeFirst();
  }

  async confirmSession(
    familyId: string,
    refreshSealed: Buffer | null,
    accessSealed: Buffer | null,
  ): Promise<void> {
    await this.db
      .updateTable('sso_session')
      .set({
        provider_refresh_sealed: refreshSealed,
        provider_access_sealed: accessSealed,
        checked_at: sql<Date>`now()`,
      })
      .where('family_id', '=', familyId)
      .execute();
  }
}
