import { Injectable } from '@nestjs/common';
import { AuditLog } from '@kaizen/api/data-access-auth';
import { decodeCursor, encodeCursor, toCsv } from '@kaizen/api/util-core';
import {
  AUDIT_PAGE_DEFAULT,
  type AuditEventPageDto,
  type AuditFilterDto,
  type AuditQueryDto,
} from './audit.dto';
import { AuditEventsRepository } from './audit-events.repository';
import { auditEventDto } from './organisation.mappers';

/** The organisation's audit log as admins read it: filtered, paged, exported. */
@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly audit: AuditLog,
  ) {}

  async page({ limit, cursor, ...filter }: AuditQueryDto): Promise<AuditEventPageDto> {
    const { items, last } = await this.events.page(filter, {
      limit: limit ?? AUDIT_PAGE_DEFAULT,
      after: decodeCursor(cursor, 'timestamp'),
    });
    return { items: items.map(auditEventDto), nextCursor: encodeCursor(last) };
  }

  /** What the filter selects, as CSV; exporting is itself an audited event, with the filter it used. */
  async export(filter: AuditFilterDto): Promise<string> {
    const events = (await this.events.all(filter)).map(auditEventDto);
    await this.audit.record({ action: 'audit.exported', details: { filter, rows: events.length } });
    return toCsv(
      ['occurred_at', 'action', 'actor', 'target_type', 'target_id', 'ip', 'before', 'after', 'details'],
      events.map((e) => [
        new Date(e.occurredAt),
        e.action,
        e.actorName,
        e.targetType,
        e.targetId,
        e.ip,
        e.before && JSON.stringify(e.before),
        e.after && JSON.stringify(e.after),
        JSON.stringify(e.details),
      ]),
    );
  }
}
