import type { AuditEventRow } from './audit-events.repository';
import type { AuditEventDto } from './organisation.dto';

/** Rows as the API shows them: the one place this feature turns columns into fields. */
export function auditEventDto(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    actorName: row.actor_name,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details as Record<string, unknown>,
    ip: row.ip,
  };
}
