import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';

export type OutboxChannel = 'notification-email' | 'mail' | 'webhook';

export interface OutboxEntry {
  channel: OutboxChannel;
  /** The same effect asked for twice is one row, e.g. `invitation-<id>`. */
  dedupeKey: string;
  payload: unknown;
  /** Whose quiet hours apply; null for mail to someone who is not a member yet. */
  recipientId?: string | null;
  dueAt: Date;
}

export interface OutboxRow {
  id: string;
  channel: OutboxChannel;
  dedupeKey: string;
  /** What the channel needs, as written: `{ notificationId }`, `{ deliveryId }` or a mail's payload. */
  payload: Record<string, unknown>;
  recipientId: string | null;
  dueAt: Date;
  status: 'pending' | 'delivered' | 'skipped' | 'failed';
  attempts: number;
  claimedAt: Date | null;
}

/**
 * The outbox rows of the tenant in the transaction, or, in a transaction without an organisation,
 * the account outbox (password-reset mails): the same shape without the tenant key.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  private get tenant(): boolean {
    return !!this.db.scope.organisationId;
  }

  private get table(): string {
    return this.tenant ? 'outbox' : 'account_outbox';
  }

  /** Inserts in one statement; returns only the rows that are new. */
  async insertMany(ids: string[], entries: OutboxEntry[]): Promise<Array<{ id: string; dueAt: Date }>> {
    if (entries.length === 0) return [];
    const params = [ids, entries.map((e) => e.channel), entries.map((e) => e.dedupeKey), entries.map((e) => JSON.stringify(e.payload)), entries.map((e) => e.dueAt)];
    if (this.tenant) {
      return this.db.query(
        `INSERT INTO outbox (organisation_id, id, channel, dedupe_key, payload, due_at, recipient_membership_id)
         SELECT current_organisation_id(), o.id, o.channel, o.dedupe_key, o.payload, o.due_at, o.recipient
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::uuid[]) AS o(id, channel, dedupe_key, payload, due_at, recipient)
         ON CONFLICT (organisation_id, channel, dedupe_key) DO NOTHING
         RETURNING id, due_at AS "dueAt"`,
        [...params, entries.map((e) => e.recipientId ?? null)],
      );
    }
    return this.db.query(
      `INSERT INTO account_outbox (id, channel, dedupe_key, payload, due_at)
       SELECT o.id, o.channel, o.dedupe_key, o.payload, o.due_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS o(id, channel, dedupe_key, payload, due_at)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, due_at AS "dueAt"`,
      params,
    );
  }

  /** Locks the row for one delivery step, so two runs decide one after the other. */
  async lock(id: string): Promise<OutboxRow | null> {
    return this.db.one(
      `SELECT id, channel, dedupe_key AS "dedupeKey", payload, ${this.tenant ? 'recipient_membership_id' : 'NULL::uuid'} AS "recipientId",
              due_at AS "dueAt", status, attempts, claimed_at AS "claimedAt"
         FROM ${this.table} WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }

  /** Records that a send starts: another run leaves the row alone until the claim lapses. */
  async claim(id: string, at: Date): Promise<number> {
    const row = await this.db.one<{ attempts: number }>(
      `UPDATE ${this.table} SET claimed_at = $2, attempts = attempts + 1 WHERE id = $1 RETURNING attempts`,
      [id, at],
    );
    return row?.attempts ?? 0;
  }

  async postpone(id: string, dueAt: Date): Promise<void> {
    await this.db.query(`UPDATE ${this.table} SET due_at = $2, claimed_at = NULL WHERE id = $1`, [id, dueAt]);
  }

  /** Delivered (or nothing left to deliver): the payload's secrets are cleared with it. */
  async finish(id: string, status: 'delivered' | 'skipped' | 'failed', at: Date, error: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE ${this.table} SET status = $2, delivered_at = CASE WHEN $2 = 'delivered' THEN $3::timestamptz END, last_error = $4,
              payload = CASE WHEN channel = 'mail' THEN NULL ELSE payload END
        WHERE id = $1 AND status = 'pending'`,
      [id, status, at, error],
    );
  }

  /** A send that failed: the claim is released at once, so the retry need not wait for it to lapse. */
  async release(id: string, error: string): Promise<void> {
    await this.db.query(`UPDATE ${this.table} SET claimed_at = NULL, last_error = $2 WHERE id = $1`, [id, error.slice(0, 1_000)]);
  }

  /**
   * Pending rows that may be sent before `horizon`, with the moment each may be tried: its due time,
   * or when the claim of a send that never reported back lapses.
   */
  async pending(horizon: Date, claimMs: number, limit: number): Promise<Array<{ id: string; readyAt: Date }>> {
    return this.db.query(
      `SELECT id, greatest(due_at, coalesce(claimed_at + $2 * interval '1 millisecond', due_at)) AS "readyAt"
         FROM ${this.table}
        WHERE status = 'pending' AND due_at < $1
        ORDER BY due_at LIMIT $3`,
      [horizon, claimMs, limit],
    );
  }

  /** A person's pending messages come due now again, so their new quiet hours decide when they go. */
  async resetDueFor(recipientId: string, now: Date): Promise<Array<{ id: string; dueAt: Date }>> {
    return this.db.query(
      `UPDATE outbox SET due_at = least(due_at, $2) WHERE recipient_membership_id = $1 AND status = 'pending'
       RETURNING id, due_at AS "dueAt"`,
      [recipientId, now],
    );
  }
}
