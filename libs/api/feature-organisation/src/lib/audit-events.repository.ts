import { Injectable } from '@nestjs/common';
import { Db, keysetPage } from '@kaizen/api/data-access-db';
import type { AuditFilterDto } from './audit.dto';

export type AuditEventRow = Awaited<ReturnType<AuditEventsRepository['page']>>['items'][number];

/** Reads the organisation's audit log, newest first, filtered. */
@Injectable()
export class AuditEventsRepository {
  constructor(private readonly db: Db) {}

  page(filter: AuditFilterDto, page: { limit?: number; cursor?: string }) {
    return keysetPage(
      this.filtered(filter),
      { by: 'e.occurred_at', id: 'e.id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  /** Every event the filter selects, for the export. */
  all(filter: AuditFilterDto) {
    return this.filtered(filter).orderBy('e.occurred_at', 'desc').orderBy('e.id', 'desc').execute();
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
      );
  }
}
