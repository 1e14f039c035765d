import { Injectable } from '@nestjs/common';
import { currentOrganisationId, Db, visibleLessons } from '@kaizen/api/data-access-db';

export type LessonRow = NonNullable<Awaited<ReturnType<LessonsRepository['findVisible']>>>;

/** A lesson as its experiment captures it, and read by id as its viewer may see it. */
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

  /**
   * The lessons a viewer may see, with what a lesson shows. Everyone sees organisation-wide ones; department-wide
   * ones, people in a team of that department or one below it; team ones, the team; heads see all of their
   * departments' (and those below); admins all.
   */
  private visibleLessons(viewerId: string, isAdmin: boolean) {
    return visibleLessons(this.db, viewerId, isAdmin);
  }
}
