import { toCsv } from '@kaizen/api/util-core';
import type { LessonRow } from '@kaizen/api/data-access-experiments';
import type { Discipline, LessonVisibility, Recommendation, Verdict } from '@kaizen/shared/domain-experiment';
import type { LessonDto } from './lesson.dto';

export function lessonDto(row: LessonRow): LessonDto {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    experimentTitle: row.experiment_title,
    teamId: row.team_id,
    teamName: row.team_name,
    departmentId: row.department_id,
    authorName: row.author_name,
    insight: row.insight,
    recommendation: row.recommendation as Recommendation,
    assumptionBefore: row.assumption_before,
    assumptionAfter: row.assumption_after,
    doubleLoop: row.double_loop,
    dataBacked: row.data_backed,
    disciplines: row.disciplines as Discipline[],
    tags: row.tags,
    visibility: row.visibility as LessonVisibility,
    verdict: row.verdict as Verdict | null,
    adoptionCount: row.adoption_count,
    followUpExperimentIds: row.follow_up_experiment_ids,
    createdAt: row.created_at.toISOString(),
  };
}

export function lessonsCsv(lessons: LessonDto[]): string {
  return toCsv(
    [
      'id',
      'experiment',
      'team',
      'author',
      'insight',
      'recommendation',
      'verdict',
      'double_loop',
      'assumption_before',
      'assumption_after',
      'disciplines',
      'tags',
      'visibility',
      'adoptions',
      'created_at',
    ],
    lessons.map((l) => [
      l.id,
      l.experimentTitle,
      l.teamName,
      l.authorName,
      l.insight,
      l.recommendation,
      l.verdict,
      l.doubleLoop,
      l.assumptionBefore,
      l.assumptionAfter,
      l.disciplines,
      l.tags,
      l.visibility,
      l.adoptionCount,
      l.createdAt,
    ]),
  );
}
