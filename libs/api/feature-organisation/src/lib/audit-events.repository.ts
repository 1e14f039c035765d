import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { AuditFilterDto } from './audit.dto';

export type AuditEventRow = Awaited<ReturnType<AuditEventsRepository['page']>>['items'][number];

export interface AuditPageRequest {
  limit: number;
  /** The (occurred_at, id) of the last event of the previous page. */
  after?: [string, string];
}

/** Reads the organisation's audit log, newest first, filtered. */
@Injectable()
export class AuditEventsRepository {
  constructor(private readonly db: Db) {}

  /** One page, plus the key of its last row for the next page. */
  async page(filter: AuditFilterDto, { limit, after }: AuditPageRequest) {
    const rows = await this.filtered(filter)
      .select((eb) => eb.cast<string>('e.occurred_at', 'text').as('sort_key'))
      .$if(after !== undefined, (query) =>
        query.where((eb) =>
          eb(
            eb.refTuple('e.occurred_at', 'e.id'),
            '<',
            eb.tuple(
              eb.cast<Date>(eb.val((after as [string, string])[0]), 'timestamptz'),
              eb.cast<string>(eb.val((after as [string, string])[1]), 'uuid'),
            ),
          ),
        ),
      )
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page[page.length - 1] : null;
    return {
      items: page.map(({ sort_key: _sortKey, ...item }) => item),
      last: last ? ([last.sort_key, last.id] as [string, string]) : null,
    };
  }

  /** Every event the filter selects, for the export. */
  all(filter: AuditFilterDto) {
    return this.filtered(filter).execute();
  }

  private filtered(filter: AuditFilterDto) {
    return this.db
      .selectFrom('audit_event as e')
      .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
      .select([
        'e.id',
        'e.occurred_at',
        'e.action',
        'e.actor_user_id',
        'u.display_name as actor_name',
        'e.target_type',
        'e.target_id',
        'e.before',
        'e.after',
        'e.details',
        'e.ip',
      ])
      .$if(filter.actorId !== undefined, (q) => q.where('e.actor_user_id', '=', filter.actorId as string))
      .$if(filter.action !== undefined, (q) => q.where('e.action', '=', filter.action as string))
      .$if(filter.targetType !== undefined, (q) => q.where('e.target_type', '=', filter.targetType as string))
      .$if(filter.targetId !== undefined, (q) => q.where('e.target_id', '=', filter.targetId as string))
      .$if(filter.since !== undefined, (q) =>
        q.where('e.occurred_at', '>=', new Date(filter.since as string)),
      )
      .$if(filter.before !== undefined, (q) =>
        q.where('e.occurred_at', '<', new Date(filter.before as string)),
      )
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc');
  }
}
