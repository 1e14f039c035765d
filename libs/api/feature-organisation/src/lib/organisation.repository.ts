import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { OrganisationDto, UpdateOrganisationDto } from './organisation.dto';

const columns = `organisation_id AS id, name, time_zone AS "timeZone", locale, currency,
  approval_threshold_hours AS "approvalThresholdHours",
  approval_threshold_amount_minor::float8 AS "approvalThresholdAmountMinor",
  approval_sla_hours AS "approvalSlaHours", lesson_reminder_days AS "lessonReminderDays", version`;

/** Settings of the organisation the transaction acts in. */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  current(): Promise<OrganisationDto | null> {
    return this.db.one(`SELECT ${columns} FROM organisation WHERE organisation_id = current_organisation_id()`);
  }

  /** Applies the change only if `version` is still current; null means someone changed it first. */
  update(change: UpdateOrganisationDto): Promise<OrganisationDto | null> {
    return this.db.one(
      `UPDATE organisation SET
         name = coalesce($2, name),
         time_zone = coalesce($3, time_zone),
         locale = coalesce($4, locale),
         currency = coalesce($5, currency),
         approval_threshold_hours = coalesce($6, approval_threshold_hours),
         approval_threshold_amount_minor = coalesce($7, approval_threshold_amount_minor),
         approval_sla_hours = coalesce($8, approval_sla_hours),
         lesson_reminder_days = coalesce($9, lesson_reminder_days),
         version = version + 1, updated_at = now()
       WHERE organisation_id = current_organisation_id() AND version = $1
       RETURNING ${columns}`,
      [
        change.version,
        change.name ?? null,
        change.timeZone ?? null,
        change.locale ?? null,
        change.currency ?? null,
        change.approvalThresholdHours ?? null,
        change.approvalThresholdAmountMinor ?? null,
        change.approvalSlaHours ?? null,
        change.lessonReminderDays ?? null,
      ],
    );
  }
}
