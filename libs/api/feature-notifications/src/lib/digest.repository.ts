import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db, rowExists, sameTenant } from '@kaizen/api/data-access-db';

export type DigestOrganisationRow = Awaited<ReturnType<DigestRepository['organisation']>>;
export type WeekCountsRow = Awaited<ReturnType<DigestRepository['weekCounts']>>;
export type HighlightRow = Awaited<ReturnType<DigestRepository['highlights']>>[number];

@Injectable()
export class DigestRepository {
  constructor(private readonly db: Db) {}

  organisation() {
    return this.db
      .selectFrom('organisation')
      .select(['time_zone', 'created_at'])
      .where('organisation_id', '=', currentOrganisationId)
      .executeTakeFirstOrThrow();
  }

  /** Claims the week's digest; false when it went out already. */
  async claim(weekStart: string, lessons: number): Promise<boolean> {
    const rows = await this.db
      .insertInto('digest_run')
      .values({ organisation_id: currentOrganisationId, week_start: weekStart, lessons })
      .onConflict((conflict) => conflict.doNothing())
      .returning('week_start')
      .execute();
    return rows.length > 0;
  }

  sent(weekStart: string): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom('digest_run')
        .select(sql<number>`1`.as('sent'))
        .where('week_start', '=', sql<Date>`${weekStart}::date`),
    );
  }

  /** The week's lessons, counted in full, and the week's adoptions. */
  weekCounts(start: Date, end: Date) {
    return this.db
      .selectFrom('lesson as l')
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'l.experiment_id'))
      .select((eb) => [
        eb.cast<number>(eb.fn.countAll(), 'integer').as('lessons'),
        eb
          .cast<number>(eb.fn.countAll().filterWhere('e.verdict', '=', 'confirmed'), 'integer')
          .as('confirmed'),
        eb.cast<number>(eb.fn.countAll().filterWhere('e.verdict', '=', 'refuted'), 'integer').as('refuted'),
        eb
          .cast<number>(
            eb.fn.countAll().filterWhere('l.recommendation', 'in', ['adopt', 'standardise']),
            'integer',
          )
          .as('improvements'),
        eb
          .cast<number>(
            eb.fn
              .countAll()
              .filterWhere((f) =>
                f.and([f('l.recommendation', 'in', ['adopt', 'standardise']), f('l.data_backed', '=', true)]),
              ),
            'integer',
          )
          .as('data_backed'),
        eb
          .selectFrom('lesson_adoption as a')
          .select((inner) => inner.cast<number>(inner.fn.countAll(), 'integer').as('adoptions'))
          .where('a.adopted_at', '>=', start)
          .where('a.adopted_at', '<', end)
          .$asScalar()
          .$notNull()
          .as('adoptions'),
      ])
      .where('l.created_at', '>=', start)
      .where('l.created_at', '<', end)
      .executeTakeFirstOrThrow();
  }

  /** The week's lessons the whole organisation may read, refuted ones first. */
  highlights(start: Date, end: Date) {
    return this.db
      .selectFrom('lesson as l')
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'l.experiment_id'))
      .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'l.team_id'))
      .select(['l.insight', 'e.verdict', 't.name as team_name'])
      .where('l.created_at', '>=', start)
      .where('l.created_at', '<', end)
      .where('l.visibility', '=', 'organisation')
      .orderBy((eb) => eb('e.verdict', '=', 'refuted'), 'desc')
      .orderBy('l.created_at', 'desc')
      .limit(3)
      .execute();
  }

  async activeMembers(): Promise<string[]> {
    const rows = await this.db.selectFrom('membership').select('id').where('status', '=', 'active').execute();
    return rows.map((row) => row.id);
  }
}
