import { sameTenant } from './tenant-join';
import { sql } from 'kysely';
import { departmentAncestors, departmentSubtree } from './hierarchy';
import { personName } from './person-name';
import type { Db } from './tenant-transaction';

/**
 * The lessons a viewer may see, with what a lesson shows. Everyone sees organisation-wide ones; department-wide
 * ones, people in a team of that department or one below it; team ones, the team; heads see all of their
 * departments' (and those below); admins all.
 */
export function visibleLessons(db: Db, viewerId: string, isAdmin: boolean) {
  return db
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
    .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'l.experiment_id'))
    .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'l.team_id'))
    .select((eb) => [
      'l.id',
      'l.experiment_id',
      'e.title as experiment_title',
      'l.team_id',
      't.name as team_name',
      'l.department_id',
      personName(db, eb, 'l.author_membership_id').as('author_name'),
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
