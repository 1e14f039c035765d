import { dateText, sameTenant, type Db } from '@kaizen/api/data-access-db';

export type ChangeMomentRow = Awaited<ReturnType<typeof changeMomentsOf>>[number];

/**
 * When these experiments' changes began, each on the measure its experiment is judged against, oldest first: the one
 * read of change moments that a measure's chart, an experiment's link and a programme's first change share.
 */
export function changeMomentsOf(db: Db, experimentIds: readonly string[]) {
  if (experimentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('experiment_change_moment as cm')
    .innerJoin('experiment_measure as em', (join) => sameTenant(join, 'em.experiment_id', 'cm.experiment_id'))
    .select(['cm.experiment_id', 'em.measure_id', 'cm.label', dateText('cm.period').as('period')])
    .where('cm.experiment_id', 'in', experimentIds)
    .orderBy('cm.period')
    .execute();
}
