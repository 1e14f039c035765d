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
  // Single sign-on (libs/api/feature-sso)
  | 'auth.sso_signed_in'
  | 'auth.sso_account_created'
  | 'auth.sso_session_ended'
  | 'auth.break_glass_signed_in'
  | 'sso.configured'
  | 'sso.removed'
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
    await this.db
      .insertInto('audit_event')
      .values({
        organisation_id: event.organisationId,
        id: uuidv7(),
        actor_user_id: event.actorUserId ?? null,
        action: event.action,
        target_type: event.target?.type ?? null,
        target_id: event.target?.id ?? null,
        details: JSON.stringify(event.details ?? {}), // sent as text, stored as jsonb
        ip: event.ip ?? null,
      })
      .execute();
  }
}
