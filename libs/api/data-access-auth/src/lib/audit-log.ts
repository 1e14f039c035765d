import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import { auditActions, type AuditAction } from '@kaizen/shared/domain-access';
import { currentRequestOrigin } from './request-origin';

export type { AuditAction } from '@kaizen/shared/domain-access';

export interface AuditEvent {
  action: AuditAction;
  /** The object acted on; its type is the action's, from the catalogue. */
  targetId?: string;
  /** The object as it was and as it became (null: it did not exist before, or no longer does). */
  before?: object | null;
  after?: object | null;
  details?: Record<string, unknown>;
  /** Defaults to the current transaction's organisation. */
  organisationId?: string;
  /** Defaults to the current transaction's user: the signed-in actor (none in jobs). */
  actorUserId?: string | null;
  /** Defaults to the current request's address. */
  ip?: string;
}

/**
 * Security- and money-relevant acts, append-only (the application role may not update or delete them),
 * written in the transaction of the act itself: the act and its record commit or roll back together.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(event: AuditEvent): Promise<void> {
    const scope = this.db.scope;
    const organisationId = event.organisationId ?? scope.organisationId;
    if (!organisationId) throw new Error(`audit event ${event.action} has no organisation`);
    // Nothing reads it back in the transaction: it travels with the next statement.
    this.db.defer(
      this.db.insertInto('audit_event').values({
        organisation_id: organisationId,
        id: uuidv7(),
        actor_user_id: event.actorUserId !== undefined ? event.actorUserId : scope.userId || null, // jobs act as no one
        action: event.action,
        target_type: event.targetId ? auditActions[event.action] : null,
        target_id: event.targetId ?? null,
        // jsonb values go as text
        details: JSON.stringify(event.details ?? {}),
        before: event.before == null ? null : JSON.stringify(event.before),
        after: event.after == null ? null : JSON.stringify(event.after),
        ip: event.ip ?? currentRequestOrigin()?.ip ?? null,
      }),
    );
  }
}
