import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db } from '@kaizen/api/data-access-db';
import type { UpdateOrganisationDto } from './organisation.dto';

export type OrganisationRow = NonNullable<Awaited<ReturnType<OrganisationRepository['current']>>>;

const settingsColumns = [
  'organisation_id',
  'name',
  'time_zone',
  'locale',
  'currency',
  'approval_threshold_hours',
  'approval_threshold_amount_minor',
  'approval_sla_hours',
  'lesson_reminder_days',
  'headline_improvements',
  'version',
] as const;

/** Settings of the organisation the transaction acts in. */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  current() {
    return this.db
      .selectFrom('organisation')
      .select(settingsColumns)
      .where('organisation_id', '=', currentOrganisationId)
      .executeTakeFirst();
  }

  /** Applies the change only if `version` is still current; undefined means someone changed it first. */
  update(change: UpdateOrganisationDto) {
    // `?? undefined`: Kysely leaves undefined fields out of SET, so an absent (or null) field keeps its value.
    return this.db
      .updateTable('organisation')
      .set((eb) => ({
        name: change.name ?? undefined,
        time_zone: change.timeZone ?? undefined,
        locale: change.locale ?? undefined,
        currency: change.currency ?? undefined,
        approval_threshold_hours: change.approvalThresholdHours ?? undefined,
        approval_threshold_amount_minor: change.approvalThresholdAmountMinor ?? undefined,
        approval_sla_hours: change.approvalSlaHours ?? undefined,
        lesson_reminder_days: change.lessonReminderDays ?? undefined,
        headline_improvements: change.headlineImprovements ?? undefined,
        version: eb('version', '+', 1),
        updated_at: sql<Date>`now()`,
      }))
      .where('organisation_id', '=', currentOrganisationId)
      .where('version', '=', change.version)
      .returning(settingsColumns)
      .executeTakeFirst();
  }
}
