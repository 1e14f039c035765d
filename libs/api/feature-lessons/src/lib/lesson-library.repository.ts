import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db, keysetPage, rowExists, visibleLessons } from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';

export interface LessonFilter {
  q?: string;
  tag?: string;
  discipline?: string;
  teamId?: string;
  verdict?: string;
  recommendation?: string;
}

/** The lessons library: search and filters under the viewer's visibility, and adoption by other teams. */
@Injectable()
export class LessonLibraryRepository {
  constructor(private readonly db: Db) {}

  /** Newest first. */
  listVisible(viewerId: string, isAdmin: boolean, filter: LessonFilter, page: PageQueryDto) {
    const { q, tag, discipline, teamId, verdict, recommendation } = filter;
    const lessons = visibleLessons(this.db, viewerId, isAdmin)
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

  adopted(lessonId: string, teamId: string): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom('lesson_adoption')
        .select('id')
        .where('lesson_id', '=', lessonId)
        .where('team_id', '=', teamId),
    );
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
  inTeam(membershipId: string, teamId: string): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom('team_membership')
        .select('id')
        .where('membership_id', '=', membershipId)
        .where('team_id', '=', teamId)
        .where('valid_to', 'is', null),
    );
  }
}
