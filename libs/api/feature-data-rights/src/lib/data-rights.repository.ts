import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  accountMemberships,
  currentOrganisationId,
  Db,
  keysetPage,
  rowExists,
  sameTenant,
} from '@kaizen/api/data-access-db';

export type DataExportRow = NonNullable<Awaited<ReturnType<DataRightsRepository['findExport']>>>;
export type SubjectRow = NonNullable<Awaited<ReturnType<DataRightsRepository['findSubject']>>>;

const exportColumns = [
  'id',
  'subject_membership_id',
  'status',
  'progress',
  'file_size',
  'created_at',
  'ready_at',
  'expires_at',
] as const;

/** Exports, erasure and retention: what the product holds about one person, and removing it. */
@Injectable()
export class DataRightsRepository {
  constructor(private readonly db: Db) {}

  // --- exports -------------------------------------------------------------------------------------------

  async createExport(row: { id: string; subjectMembershipId: string; requestedBy: string; expiresAt: Date }) {
    await this.db
      .insertInto('data_export')
      .values({
        organisation_id: currentOrganisationId,
        id: row.id,
        subject_membership_id: row.subjectMembershipId,
        requested_by: row.requestedBy,
        expires_at: row.expiresAt,
      })
      .execute();
  }

  findExport(id: string, requestedBy: string) {
    return this.db
      .selectFrom('data_export')
      .select(exportColumns)
      .where('id', '=', id)
      .where('requested_by', '=', requestedBy)
      .executeTakeFirst();
  }

  /** Newest first. */
  listExports(requestedBy: string, page: { limit?: number; cursor?: string }) {
    return keysetPage(
      this.db.selectFrom('data_export').select(exportColumns).where('requested_by', '=', requestedBy),
      { by: 'created_at', id: 'id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  /** The file, while it is ready and not expired. */
  exportFile(id: string, requestedBy: string) {
    return this.db
      .selectFrom('data_export')
      .select(['file', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('id', '=', id)
      .where('requested_by', '=', requestedBy)
      .where('status', '=', 'ready')
      .executeTakeFirst();
  }

  exportForJob(id: string) {
    return this.db
      .selectFrom('data_export')
      .select(['id', 'subject_membership_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.db
      .updateTable('data_export')
      .set({ status: 'running', progress })
      .where('id', '=', id)
      .execute();
  }

  async storeFile(id: string, file: Buffer, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable('data_export')
      .set({
        status: 'ready',
        progress: 100,
        file,
        file_size: file.length,
        ready_at: sql<Date>`now()`,
        expires_at: expiresAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: string): Promise<void> {
    await this.db.updateTable('data_export').set({ status: 'failed' }).where('id', '=', id).execute();
  }

  async deleteExpiredExports(): Promise<number> {
    const result = await this.db
      .deleteFrom('data_export')
      .where('expires_at', '<=', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // --- what an export holds ------------------------------------------------------------------------------

  /** A member of this organisation and their account. */
  findSubject(membershipId: string) {
    return this.db
      .selectFrom('membership as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select([
        'm.id as membership_id',
        'm.user_id',
        'm.role',
        'm.status',
        'm.joined_at',
        'm.deactivated_at',
        'm.erased_at',
        'u.email',
        'u.display_name',
        'u.locale',
        'u.created_at as account_created_at',
        'u.totp_enabled_at',
      ])
      .where('m.id', '=', membershipId)
      .executeTakeFirst();
  }

  organisationName() {
    return this.db
      .selectFrom('organisation')
      .select('name')
      .where('organisation_id', '=', currentOrganisationId)
      .executeTakeFirstOrThrow();
  }

  placements(membershipId: string) {
    return Promise.all([
      this.db
        .selectFrom('team_membership as tm')
        .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'tm.team_id'))
        .select(['t.name as team', 'tm.position', 'tm.valid_from', 'tm.valid_to'])
        .where('tm.membership_id', '=', membershipId)
        .orderBy('tm.valid_from')
        .execute(),
      this.db
        .selectFrom('department_head as dh')
        .innerJoin('department as d', (join) => sameTenant(join, 'd.id', 'dh.department_id'))
        .select(['d.name as department', 'dh.valid_from', 'dh.valid_to'])
        .where('dh.membership_id', '=', membershipId)
        .orderBy('dh.valid_from')
        .execute(),
    ]);
  }

  /** Experiments the member owns or takes part in. */
  experiments(membershipId: string) {
    return this.db
      .selectFrom('experiment as e')
      .select([
        'e.id',
        'e.title',
        'e.status',
        sql<string>`CASE WHEN e.owner_membership_id = ${membershipId}::uuid THEN 'owner' ELSE 'participant' END`.as(
          'involvement',
        ),
        'e.problem',
        'e.hypothesis_change',
        'e.hypothesis_outcome',
        'e.hypothesis_measure',
        'e.metric_name',
        'e.metric_unit',
        'e.metric_baseline',
        'e.metric_target',
        'e.planned_start',
        'e.planned_end',
        'e.requested_hours',
        'e.requested_amount_minor',
        'e.verdict',
        'e.result_value',
        'e.evidence',
        'e.tags',
        'e.created_at',
        'e.updated_at',
      ])
      .where((eb) =>
        eb.or([
          eb('e.owner_membership_id', '=', membershipId),
          eb(
            'e.id',
            'in',
            eb
              .selectFrom('experiment_participant')
              .select('experiment_id')
              .where('membership_id', '=', membershipId),
          ),
        ]),
      )
      .orderBy('e.created_at')
      .execute();
  }

  checkIns(membershipId: string) {
    return this.db
      .selectFrom('check_in')
      .select(['id', 'experiment_id', 'progress', 'blockers', 'confidence', 'created_at'])
      .where('author_membership_id', '=', membershipId)
      .orderBy('created_at')
      .execute();
  }

  comments(membershipId: string) {
    return this.db
      .selectFrom('comment')
      .select(['id', 'experiment_id', 'body', 'created_at'])
      .where('author_membership_id', '=', membershipId)
      .orderBy('created_at')
      .execute();
  }

  lessons(membershipId: string) {
    return this.db
      .selectFrom('lesson')
      .select(['id', 'experiment_id', 'insight', 'recommendation', 'visibility', 'tags', 'created_at'])
      .where('author_membership_id', '=', membershipId)
      .orderBy('created_at')
      .execute();
  }

  notifications(membershipId: string) {
    return this.db
      .selectFrom('notification')
      .select(['id', 'kind', 'subject_type', 'subject_id', 'params', 'created_at', 'read_at', 'emailed_at'])
      .where('recipient_membership_id', '=', membershipId)
      .orderBy('created_at')
      .execute();
  }

  notificationPreferences(membershipId: string) {
    return this.db
      .selectFrom('notification_preference')
      .select(['time_zone', 'quiet_start', 'quiet_end', 'email_reminders', 'email_reviews', 'email_digest'])
      .where('membership_id', '=', membershipId)
      .executeTakeFirst();
  }

  /** Entries the person caused, or that are about them. */
  auditEntries(userId: string, membershipId: string) {
    return this.db
      .selectFrom('audit_event')
      .select(['id', 'occurred_at', 'action', 'target_type', 'target_id', 'details', 'ip'])
      .where((eb) =>
        eb.or([
          eb('actor_user_id', '=', userId),
          eb.and([eb('target_type', '=', 'membership'), eb('target_id', '=', membershipId)]),
        ]),
      )
      .orderBy('occurred_at')
      .execute();
  }

  // --- erasure -------------------------------------------------------------------------------------------

  /**
   * Whether the account is a member of another organisation too. Looks across organisations the one way
   * there is (`account_memberships()`, as the account itself in `app.user_id`), and steps back at once.
   */
  async belongsElsewhere(
    userId: string,
    enter: (userId: string) => Promise<void>,
    back: () => Promise<void>,
  ) {
    await enter(userId);
    try {
      return await rowExists(
        this.db
          .selectFrom(accountMemberships().as('m'))
          .select('m.id')
          .where('m.user_id', '=', userId)
          .where('m.organisation_id', '<>', currentOrganisationId)
          .where('m.erased_at', 'is', null),
      );
    } finally {
      await back();
    }
  }

  /** Identity fields go; the row stays, so what the person wrote keeps an author ("former member"). */
  async eraseAccount(userId: string, placeholderName: string): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({
        email: `erased-${userId}@erased.invalid`,
        display_name: placeholderName,
        password_hash: '!erased',
        totp_secret_sealed: null,
        totp_pending_secret_sealed: null,
        totp_enabled_at: null,
        totp_last_step: null,
        erased_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', userId)
      .execute();
    await this.db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('sign_in_challenge').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('password_reset').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('refresh_token').where('user_id', '=', userId).execute();
  }

  /** Mails to the address that still wait in the account outbox (a password reset, say) are not sent. */
  async skipAccountMails(email: string): Promise<void> {
    await this.db
      .updateTable('account_outbox')
      .set({ status: 'skipped', payload: null, last_error: 'recipient erased' })
      .where('status', '=', 'pending')
      .where(sql<string>`payload->>'to'`, '=', email)
      .execute();
  }

  /** The membership ends; what waits for the person (reminders, mails, notifications, exports) goes. */
  async eraseMembership(membershipId: string, email: string): Promise<void> {
    await this.db
      .updateTable('membership')
      .set((eb) => ({
        status: 'deactivated',
        deactivated_at: sql<Date>`coalesce(deactivated_at, now())`,
        erased_at: sql<Date>`now()`,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', membershipId)
      .execute();
    await this.db
      .updateTable('reminder')
      .set({ status: 'cancelled', cancelled_at: sql<Date>`now()` })
      .where('recipient_membership_id', '=', membershipId)
      .where('status', '=', 'pending')
      .execute();
    await this.db
      .updateTable('outbox')
      .set({ status: 'skipped', payload: null, last_error: 'recipient erased' })
      .where('status', '=', 'pending')
      .where((eb) =>
        eb.or([
          eb('recipient_membership_id', '=', membershipId),
          eb(sql<string>`payload->>'to'`, '=', email),
        ]),
      )
      .execute();
    await this.db.deleteFrom('notification').where('recipient_membership_id', '=', membershipId).execute();
    await this.db.deleteFrom('notification_preference').where('membership_id', '=', membershipId).execute();
    await this.db.deleteFrom('data_export').where('subject_membership_id', '=', membershipId).execute();
  }

  // --- retention -----------------------------------------------------------------------------------------

  retention() {
    return this.db
      .selectFrom('organisation')
      .select(['notification_retention_days', 'audit_retention_days', 'deactivated_account_retention_days'])
      .where('organisation_id', '=', currentOrganisationId)
      .executeTakeFirstOrThrow();
  }

  async setRetention(days: {
    notifications: number;
    audit: number;
    deactivatedAccounts: number;
  }): Promise<void> {
    await this.db
      .updateTable('organisation')
      .set({
        notification_retention_days: days.notifications,
        audit_retention_days: days.audit,
        deactivated_account_retention_days: days.deactivatedAccounts,
        updated_at: sql<Date>`now()`,
      })
      .where('organisation_id', '=', currentOrganisationId)
      .execute();
  }

  async deleteOldNotifications(days: number): Promise<number> {
    const result = await this.db
      .deleteFrom('notification')
      .where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Through the one narrow function the audit log allows (the application may not delete from it). */
  async purgeExpiredAuditEvents(): Promise<number> {
    const row = await sql<{ removed: number }>`SELECT purge_expired_audit_events() AS removed`.execute(
      this.db,
    );
    return row.rows[0]?.removed ?? 0;
  }

  /** Members deactivated longer ago than the organisation keeps them, not yet erased. */
  deactivatedBefore(days: number) {
    return this.db
      .selectFrom('membership')
      .select('id')
      .where('status', '=', 'deactivated')
      .where('erased_at', 'is', null)
      .where('deactivated_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
      .execute();
  }
}
