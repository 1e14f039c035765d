import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  currentOrganisationId,
  Db,
  departmentAncestors,
  departmentSubtree,
} from '@kaizen/api/data-access-db';

export interface LessonFilter {
  q?: string;
  tag?: string;
  discipline?: string;
  teamId?: string;
  verdict?: string;
  recommendation?: string;
  limit: number;
  after?: [string, string];
}

export type LessonRow = NonNullable<Awaited<ReturnType<LessonsRepository['findVisible']>>>;

@Injectable()
export class LessonsRepository {
  constructor(private readonly db: Db) {}

  async upsert(lesson: {
    id: string;
    experimentId: string;
    teamId: string;
    departmentId: string;
    authorId: string;
    insight: string;
    recommendation: string;
    assumptionBefore: string;
    assumptionAfter: string;
    doubleLoop: boolean;
    disciplines: string[];
    tags: string[];
    visibility: string;
    /** Null keeps the stored state: it was frozen when the experiment was learned. */
    dataBacked: boolean | null;
  }): Promise<string> {
    const row = await this.db
      .insertInto('lesson')
      .values({
        organisation_id: currentOrganisationId,
        id: lesson.id,
        experiment_id: lesson.experimentId,
        team_id: lesson.teamId,
        department_id: lesson.departmentId,
        author_membership_id: lesson.authorId,
        insight: lesson.insight,
        recommendation: lesson.recommendation,
        assumption_before: lesson.assumptionBefore,
        assumption_after: lesson.assumptionAfter,
        double_loop: lesson.doubleLoop,
        disciplines: lesson.disciplines,
        tags: lesson.tags,
        visibility: lesson.visibility,
        data_backed: lesson.dataBacked ?? false,
      })
      .onConflict((conflict) =>
        conflict.columns(['organisation_id', 'experiment_id']).doUpdateSet((eb) => ({
          insight: eb.ref('excluded.insight'),
          recommendation: eb.ref('excluded.recommendation'),
          assumption_before: eb.ref('excluded.assumption_before'),
          assumption_after: eb.ref('excluded.assumption_after'),
          double_loop: eb.ref('excluded.double_loop'),
          disciplines: eb.ref('excluded.disciplines'),
          tags: eb.ref('excluded.tags'),
          visibility: eb.ref('excluded.visibility'),
          data_backed:
            lesson.dataBacked === null ? eb.ref('lesson.data_backed') : eb.ref('excluded.data_backed'),
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  findVisible(id: string, viewerId: string, isAdmin: boolean) {
    return this.visibleLessons(viewerId, isAdmin).where('l.id', '=', id).executeTakeFirst();
  }

  async listVisible(
    viewerId: string,
    isAdmin: boolean,
    filter: LessonFilter,
  ): Promise<{ items: LessonRow[]; last: [string, string] | null }> {
    const { q, tag, discipline, teamId, verdict, recommendation, after } = filter;
    const rows = await this.visibleLessons(viewerId, isAdmin)
      .select((eb) => eb.cast<string>('l.created_at', 'text').as('sort_key'))
      .$if(q !== undefined, (query) =>
        query.where(
          'l.search',
          '@@',
          sql<string>`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('dutch', ${q}))`,
        ),
      )
      .$if(tag !== undefined, (query) =>
        query.where((eb) => eb(eb.val(tag as string), '=', eb.fn.any('l.tags'))),
      )
      .$if(discipline !== undefined, (query) =>
        query.where((eb) => eb(eb.val(discipline as string), '=', eb.fn.any('l.disciplines'))),
      )
      .$if(teamId !== undefined, (query) => query.where('l.team_id', '=', teamId as string))
      .$if(verdict !== undefined, (query) => query.where('e.verdict', '=', verdict as string))
      .$if(recommendation !== undefined, (query) =>
        query.where('l.recommendation', '=', recommendation as string),
      )
      .$if(after !== undefined, (query) =>
        query.where((eb) =>
          eb(
            eb.refTuple('l.created_at', 'l.id'),
            '<',
            eb.tuple(
              eb.cast<Date>(eb.val((after as [string, string])[0]), 'timestamptz'),
              eb.cast<string>(eb.val((after as [string, string])[1]), 'uuid'),
            ),
          ),
        ),
      )
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(filter.limit + 1)
      .execute();
    const page = rows.slice(0, filter.limit);
    const last = rows.length > filter.limit ? page[page.length - 1] : null;
    return {
      items: page.map(({ sort_key: _sortKey, ...item }) => item),
      last: last ? [last.sort_key, last.id] : null,
    };
  }

  async adopted(lessonId: string, teamId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('lesson_adoption')
      .select('id')
      .where('lesson_id', '=', lessonId)
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async recordAdoption(adoption: {
    id: string;
    lessonId: string;
    teamId: string;
    experimentId: string;
    adoptedBy: string;
  }): Promise<void> {
    await this.db
      .insertInto('lesson_adoption')
      .values({
        organisation_id: currentOrganisationId,
        id: adoption.id,
        lesson_id: adoption.lessonId,
        team_id: adoption.teamId,
        experiment_id: adoption.experimentId,
        adopted_by: adoption.adoptedBy,
      })
      .execute();
  }

  /** Whether the person sits in the team now (as member or lead). */
  async inTeam(membershipId: string, teamId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('team_membership')
      .select('id')
      .where('membership_id', '=', membershipId)
      .where('team_id', '=', teamId)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The lessons a viewer may see, with what a lesson shows. Everyone sees organisation-wide ones; department-wide
   * ones, people in a team of that department or one below it; team ones, the team; heads see all of their
   * departments' (and those below); admins all.
   */
  private visibleLessons(viewerId: string, isAdmin: boolean) {
    return this.db
      .with('viewer_teams', (db) =>
        db
          .selectFrom('team_membership')
          .select('team_id')
          .where('membership_id', '=', viewerId)
          .where('valid_to', 'is', null),
      )
      .with('visible', (db) =>
        db
          .selectFrom('lesson as l')
          .selectAll('l')
          .where((eb) =>
            eb.or([
              eb.val(isAdmin),
              eb('l.visibility', '=', 'organisation'),
              eb(
                'l.department_id',
                'in',
                eb
                  .selectFrom('department_head as h')
                  .innerJoinLateral(
                    (lateral) => departmentSubtree(lateral.ref('h.department_id')).as('below'),
                    (join) => join.onTrue(),
                  )
                  .select('below.id')
                  .where('h.membership_id', '=', viewerId)
                  .where('h.valid_to', 'is', null),
              ),
              eb.and([
                eb('l.visibility', '=', 'team'),
                eb('l.team_id', 'in', eb.selectFrom('viewer_teams').select('viewer_teams.team_id')),
              ]),
              eb.and([
                eb('l.visibility', '=', 'department'),
                eb(
                  'l.department_id',
                  'in',
                  eb
                    .selectFrom('team as vt')
                    .innerJoinLateral(
                      (lateral) => departmentAncestors(lateral.ref('vt.department_id')).as('above'),
                      (join) => join.onTrue(),
                    )
                    .select('above.id')
                    .where('vt.id', 'in', eb.selectFrom('viewer_teams').select('viewer_teams.team_id')),
                ),
              ]),
            ]),
          ),
      )
      .selectFrom('visible as l')
      .innerJoin('experiment as e', (join) =>
        join.onRef('e.organisation_id', '=', 'l.organisation_id').onRef('e.id', '=', 'l.experiment_id'),
      )
      .innerJoin('team as t', (join) =>
        join.onRef('t.organisation_id', '=', 'l.organisation_id').onRef('t.id', '=', 'l.team_id'),
      )
      .innerJoin('membership as m', (join) =>
        join
          .onRef('m.organisation_id', '=', 'l.organisation_id')
          .onRef('m.id', '=', 'l.author_membership_id'),
      )
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select((eb) => [
        'l.id',
        'l.experiment_id',
        'e.title as experiment_title',
        'l.team_id',
        't.name as team_name',
        'l.department_id',
        'u.display_name as author_name',
        'l.insight',
        'l.recommendation',
        'l.assumption_before',
        'l.assumption_after',
        'l.double_loop',
        'l.data_backed',
        'l.disciplines',
        'l.tags',
        'l.visibility',
        'e.verdict',
        'l.created_at',
        eb
          .selectFrom('lesson_adoption as a')
          .select((sub) => sub.cast<number>(sub.fn.countAll(), 'integer').as('count'))
          .whereRef('a.organisation_id', '=', 'l.organisation_id')
          .whereRef('a.lesson_id', '=', 'l.id')
          .$asScalar()
          .$notNull()
          .as('adoption_count'),
        eb.fn
          .coalesce(
            eb
              .selectFrom('experiment as f')
              .select((sub) => sub.fn.agg<string[]>('array_agg', ['f.id']).orderBy('f.created_at').as('ids'))
              .whereRef('f.organisation_id', '=', 'l.organisation_id')
              .whereRef('f.builds_on_lesson_id', '=', 'l.id')
              .$asScalar(),
            sql<string[]>`'{}'`,
          )
          .as('follow_up_experiment_ids'),
      ]);
  }
}
