import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { LessonDto } from './lesson.dto';

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

/**
 * Who may see a lesson: everyone for organisation-wide ones; for department-wide ones, people in a team of
 * that department or one below it; for team ones, the team; heads see all of their departments'; admins all.
 * $1 is the viewer's membership id, $2 whether they are an admin.
 */
const visibleLessons = `
  viewer_teams AS (SELECT team_id FROM team_membership WHERE membership_id = $1 AND valid_to IS NULL),
  viewer_up AS (
    SELECT d.id, d.parent_id FROM department d WHERE d.id IN (SELECT department_id FROM team WHERE id IN (SELECT team_id FROM viewer_teams))
    UNION SELECT p.id, p.parent_id FROM department p JOIN viewer_up c ON p.id = c.parent_id),
  headed_down AS (
    SELECT h.department_id AS id FROM department_head h WHERE h.membership_id = $1 AND h.valid_to IS NULL
    UNION SELECT c.id FROM department c JOIN headed_down p ON c.parent_id = p.id),
  visible AS (
    SELECT l.* FROM lesson l
     WHERE $2 OR l.visibility = 'organisation'
        OR l.department_id IN (SELECT id FROM headed_down)
        OR (l.visibility = 'team' AND l.team_id IN (SELECT team_id FROM viewer_teams))
        OR (l.visibility = 'department' AND l.department_id IN (SELECT id FROM viewer_up)))`;

const lessonColumns = `l.id, l.experiment_id AS "experimentId", e.title AS "experimentTitle", l.team_id AS "teamId", t.name AS "teamName",
  l.department_id AS "departmentId", u.display_name AS "authorName", l.insight, l.recommendation,
  l.assumption_before AS "assumptionBefore", l.assumption_after AS "assumptionAfter", l.double_loop AS "doubleLoop",
  l.disciplines, l.tags, l.visibility, e.verdict, l.created_at AS "createdAt",
  (SELECT count(*)::int FROM lesson_adoption a WHERE a.organisation_id = l.organisation_id AND a.lesson_id = l.id) AS "adoptionCount",
  coalesce((SELECT array_agg(f.id ORDER BY f.created_at) FROM experiment f
             WHERE f.organisation_id = l.organisation_id AND f.builds_on_lesson_id = l.id), '{}') AS "followUpExperimentIds"`;

const fromLesson = `FROM visible l
  JOIN experiment e ON e.organisation_id = l.organisation_id AND e.id = l.experiment_id
  JOIN team t ON t.organisation_id = l.organisation_id AND t.id = l.team_id
  JOIN membership m ON m.organisation_id = l.organisation_id AND m.id = l.author_membership_id
  JOIN app_user u ON u.id = m.user_id`;

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
  }): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO lesson (organisation_id, id, experiment_id, team_id, department_id, author_membership_id, insight, recommendation,
                           assumption_before, assumption_after, double_loop, disciplines, tags, visibility)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (organisation_id, experiment_id) DO UPDATE SET
         insight = EXCLUDED.insight, recommendation = EXCLUDED.recommendation, assumption_before = EXCLUDED.assumption_before,
         assumption_after = EXCLUDED.assumption_after, double_loop = EXCLUDED.double_loop, disciplines = EXCLUDED.disciplines,
         tags = EXCLUDED.tags, visibility = EXCLUDED.visibility
       RETURNING id`,
      [
        lesson.id,
        lesson.experimentId,
        lesson.teamId,
        lesson.departmentId,
        lesson.authorId,
        lesson.insight,
        lesson.recommendation,
        lesson.assumptionBefore,
        lesson.assumptionAfter,
        lesson.doubleLoop,
        lesson.disciplines,
        lesson.tags,
        lesson.visibility,
      ],
    );
    return row.id;
  }

  findVisible(id: string, viewerId: string, isAdmin: boolean): Promise<LessonDto | null> {
    return this.db.one(`WITH RECURSIVE ${visibleLessons} SELECT ${lessonColumns} ${fromLesson} WHERE l.id = $3`, [viewerId, isAdmin, id]);
  }

  async listVisible(viewerId: string, isAdmin: boolean, filter: LessonFilter): Promise<{ items: LessonDto[]; last: [string, string] | null }> {
    const rows = await this.db.query<LessonDto & { sortKey: string }>(
      `WITH RECURSIVE ${visibleLessons}
       SELECT ${lessonColumns}, l.created_at::text AS "sortKey" ${fromLesson}
        WHERE ($3::text IS NULL OR l.search @@ (websearch_to_tsquery('english', $3) || websearch_to_tsquery('dutch', $3)))
          AND ($4::text IS NULL OR $4 = ANY (l.tags))
          AND ($5::text IS NULL OR $5 = ANY (l.disciplines))
          AND ($6::uuid IS NULL OR l.team_id = $6)
          AND ($7::text IS NULL OR e.verdict = $7)
          AND ($8::text IS NULL OR l.recommendation = $8)
          AND ($9::timestamptz IS NULL OR (l.created_at, l.id) < ($9::timestamptz, $10::uuid))
        ORDER BY l.created_at DESC, l.id DESC
        LIMIT $11`,
      [
        viewerId,
        isAdmin,
        filter.q ?? null,
        filter.tag ?? null,
        filter.discipline ?? null,
        filter.teamId ?? null,
        filter.verdict ?? null,
        filter.recommendation ?? null,
        filter.after?.[0] ?? null,
        filter.after?.[1] ?? null,
        filter.limit + 1,
      ],
    );
    const page = rows.slice(0, filter.limit);
    const last = rows.length > filter.limit ? page[page.length - 1] : null;
    return { items: page.map(({ sortKey: _sortKey, ...item }) => item), last: last ? [last.sortKey, last.id] : null };
  }

  async adopted(lessonId: string, teamId: string): Promise<boolean> {
    return (await this.db.one(`SELECT 1 FROM lesson_adoption WHERE lesson_id = $1 AND team_id = $2`, [lessonId, teamId])) !== null;
  }

  async recordAdoption(adoption: { id: string; lessonId: string; teamId: string; experimentId: string; adoptedBy: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO lesson_adoption (organisation_id, id, lesson_id, team_id, experiment_id, adopted_by)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5)`,
      [adoption.id, adoption.lessonId, adoption.teamId, adoption.experimentId, adoption.adoptedBy],
    );
  }

  /** Whether the person sits in the team now (as member or lead). */
  async inTeam(membershipId: string, teamId: string): Promise<boolean> {
    const row = await this.db.one(`SELECT 1 FROM team_membership WHERE membership_id = $1 AND team_id = $2 AND valid_to IS NULL`, [membershipId, teamId]);
    return row !== null;
  }
}
