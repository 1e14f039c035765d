import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';

export type AuditAction =
  | 'organisation.created'
  | 'organisation.updated'
  | 'auth.signed_in'
  | 'auth.sign_in_failed'
  | 'auth.signed_out'
  | 'auth.refresh_token_reused'
  | 'auth.password_reset_requested'
  | 'auth.password_reset'
  | 'member.role_changed'
  | 'member.deactivated'
  | 'member.reactivated'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'audit.exported'
  | 'measure.points_imported';

export interface AuditEvent {
  organisationId: string;
  action: AuditAction;
  actorUserId?: string | null;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
  ip?: string;
}

/** Security-relevant events, append-only (the application role may not update or delete them). */
@Injectable()
export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(event: AuditEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_event (organisation_id, id, actor_user_id, action, target_type, target_id, details, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.organisationId,
        uuidv7(),
        event.actorUserId ?? null,
        event.action,
        event.target?.type ?? null,
        event.target?.id ?? null,
        JSON.stringify(event.details ?? {}),
        event.ip ?? null,
      ],
    );
  }
}
