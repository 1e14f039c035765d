import { Injectable } from '@nestjs/common';
import { sql, type RawBuilder } from 'kysely';
import { Db, sameTenant, visibleLessons } from '@kaizen/api/data-access-db';

/**
 * How close earlier work is to a draft, written once for experiments and lessons: Dutch and English full-text rank
 * (any of the draft's words, weighted by where they occur) plus trigram similarity of the whole text, which still
 * matches other inflections and typos. Both lie in [0, 1).
 */
function closeness(search: string, text: string, draft: string): RawBuilder<number> {
  // The draft's words joined by OR: a draft shares some words with its twin, rarely all of them.
  const anyWord = (config: 'english' | 'dutch') =>
    sql`replace(plainto_tsquery(${sql.lit(config)}, ${draft})::text, '&', '|')::tsquery`;
  return sql<number>`(ts_rank(${sql.ref(search)}, ${anyWord('english')} || ${anyWord('dutch')}, 32)
    + similarity(${sql.ref(text)}, ${draft}))::float8`;
}

/** Below this, a match is noise rather than a lead worth showing. */
const FLOOR = 0.08;

@Injectable()
export class SimilarWorkRepository {
  constructor(private readonly db: Db) {}

  experiments(draft: string, limit: number, exclude: string | null) {
    return this.db
      .selectFrom('experiment as e')
      .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'e.team_id'))
      .select([
        'e.id',
        'e.title',
        'e.problem',
        'e.hypothesis_change',
        'e.status',
        'e.verdict',
        't.name as team_name',
        'e.created_at',
      ])
      .select(closeness('e.search', 'e.about', draft).as('score'))
      .$if(exclude !== null, (q) => q.where('e.id', '<>', exclude as string))
      .where(closeness('e.search', 'e.about', draft), '>=', FLOOR)
      .orderBy('score', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Only lessons the viewer may see: the lessons library's own visibility rule. */
  lessonsFor(viewerId: string, isAdmin: boolean, draft: string, limit: number, exclude: string | null) {
    return visibleLessons(this.db, viewerId, isAdmin)
      .select(closeness('l.search', 'l.insight', draft).as('score'))
      .$if(exclude !== null, (q) => q.where('l.experiment_id', '<>', exclude as string))
      .where(closeness('l.search', 'l.insight', draft), '>=', FLOOR)
      .orderBy('score', 'desc')
      .orderBy('l.id', 'desc')
      .limit(limit)
      .execute();
  }
}
