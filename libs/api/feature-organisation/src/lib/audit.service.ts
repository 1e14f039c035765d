import { Injectable } from '@nestjs/common';
import { AuditLog } from '@kaizen/api/data-access-auth';
import { mapPage, toCsv } from '@kaizen/api/util-core';
import type { AuditEventPageDto, AuditFilterDto, AuditQueryDto } from './audit.dto';
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
    return mapPage(await this.events.page(filter, { limit, cursor }), auditEventDto);
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
