import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db, keysetPage, visibleLessons } from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';

export interface LessonFilter {
  q?: string;
  tag?: string;
  discipline?: string;
  teamId?: string;
  verdict?: string;
  recommendation?: string;
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

  /** Newest first. */
  listVisible(viewerId: string, isAdmin: boolean, filter: LessonFilter, page: PageQueryDto) {
    const { q, tag, discipline, teamId, verdict, recommendation } = filter;
    const lessons = this.visibleLessons(viewerId, isAdmin)
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
      );
    return keysetPage(
      lessons,
      { by: 'l.created_at', id: 'l.id', sort: 'timestamp', direction: 'desc' },
      page,
    );
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
    return visibleLessons(this.db, viewerId, isAdmin);
  }
}
