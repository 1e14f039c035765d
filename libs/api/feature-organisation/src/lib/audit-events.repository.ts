import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { AuditEventDto } from './organisation.dto';

/** Reads the organisation's audit log, newest first. */
@Injectable()
export class AuditEventsRepository {
  constructor(private readonly db: Db) {}

  list(limit: number, before?: string): Promise<AuditEventDto[]> {
    return this.db.query(
      `SELECT e.id, e.occurred_at AS "occurredAt", e.action, u.display_name AS "actorName",
              e.target_type AS "targetType", e.target_id AS "targetId", e.details, e.ip
         FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE ($2::timestamptz IS NULL OR e.occurred_at < $2)
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT $1`,
      [limit, before ?? null],
    );
  }
}
