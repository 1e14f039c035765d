import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';

export type AuditEventRow = Awaited<ReturnType<AuditEventsRepository['list']>>[number];

/** Reads the organisation's audit log, newest first. */
@Injectable()
export class AuditEventsRepository {
  constructor(private readonly db: Db) {}

  list(limit: number, before?: string) {
    return this.db
      .selectFrom('audit_event as e')
      .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
      .select([
        'e.id',
        'e.occurred_at',
        'e.action',
        'u.display_name as actor_name',
        'e.target_type',
        'e.target_id',
        'e.details',
        'e.ip',
      ])
      .$if(before !== undefined, (query) => query.where('e.occurred_at', '<', new Date(before as string)))
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
  }
}
