import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { sql } from 'kysely';
import { currentOrganisationId, Db, isActive } from '@kaizen/api/data-access-db';
import { Satisfies, type FieldErrorDto } from '@kaizen/api/util-core';
import { isCalendarDate } from '@kaizen/shared/domain-measures';

/** Whether a value is a `YYYY-MM-DD` date on a real calendar day. */
export const calendarDate = (value: unknown): boolean => typeof value === 'string' && isCalendarDate(value);

/** A period or date field: `YYYY-MM-DD` on a real calendar day. */
export function CalendarDate(): PropertyDecorator {
  return Satisfies('isCalendarDate', calendarDate, 'must be a date, YYYY-MM-DD, on a real calendar day');
}

export class BaselineDto {
  @ApiProperty({ format: 'date' })
  @CalendarDate()
  from!: string;

  @ApiProperty({ format: 'date' })
  @CalendarDate()
  through!: string;
}

export interface MeasureLink {
  measureId: string;
  baseline: { from: string; through: string };
}

/**
 * An experiment's link to the measure it is judged by: written by the measure's own route and by a create that states
 * its proof at once, under the same rules.
 */
@Injectable()
export class MeasureLinksRepository {
  constructor(private readonly db: Db) {}

  /** Why the link may not be made (an unknown or archived measure, a baseline that ends before it starts); `at` prefixes each field. */
  async refusals(link: MeasureLink, at = ''): Promise<FieldErrorDto[]> {
    const problems: FieldErrorDto[] = [];
    if (!(await isActive(this.db, 'measure', link.measureId)))
      problems.push({
        field: `${at}measureId`,
        rule: 'exists',
        message: `${at}measureId names no active measure here`,
      });
    if (link.baseline.through < link.baseline.from)
      problems.push({
        field: `${at}baseline.through`,
        rule: 'notBeforeFrom',
        message: `${at}baseline.through must not be before ${at}baseline.from`,
      });
    return problems;
  }

  /** Links the experiment to a measure (or moves the link) and replaces its change moments. */
  async link(
    experimentId: string,
    link: MeasureLink,
    changes: Array<{ period: string; label: string }>,
    linkedBy: string,
  ): Promise<void> {
    await this.db
      .insertInto('experiment_measure')
      .values({
        organisation_id: currentOrganisationId,
        experiment_id: experimentId,
        measure_id: link.measureId,
        baseline_from: link.baseline.from,
        baseline_through: link.baseline.through,
        linked_by: linkedBy,
      })
      .onConflict((oc) =>
        oc.columns(['organisation_id', 'experiment_id']).doUpdateSet((eb) => ({
          measure_id: eb.ref('excluded.measure_id'),
          baseline_from: eb.ref('excluded.baseline_from'),
          baseline_through: eb.ref('excluded.baseline_through'),
          linked_by: eb.ref('excluded.linked_by'),
          linked_at: sql<Date>`now()`,
        })),
      )
      .execute();
    await this.db.deleteFrom('experiment_change_moment').where('experiment_id', '=', experimentId).execute();
    if (changes.length > 0) {
      await this.db
        .insertInto('experiment_change_moment')
        .values(
          changes.map((c) => ({
            organisation_id: currentOrganisationId,
            experiment_id: experimentId,
            period: c.period,
            label: c.label,
          })),
        )
        .execute();
    }
  }
}
