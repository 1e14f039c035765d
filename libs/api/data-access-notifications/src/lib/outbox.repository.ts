import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db } from '@kaizen/api/data-access-db';

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

export type OutboxRow = NonNullable<Awaited<ReturnType<OutboxRepository['lock']>>>;
export type OutboxMomentRow = Awaited<ReturnType<OutboxRepository['insertMany']>>[number];
export type OutboxReadyRow = Awaited<ReturnType<OutboxRepository['pending']>>[number];

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

  /** The statements below name only the columns both tables have. */
  private get table(): 'outbox' | 'account_outbox' {
    return this.tenant ? 'outbox' : 'account_outbox';
  }

  /** Inserts in one statement; returns only the rows that are new. */
  async insertMany(ids: string[], entries: OutboxEntry[]) {
    if (entries.length === 0) return [];
    const channels = entries.map((e) => e.channel);
    const dedupeKeys = entries.map((e) => e.dedupeKey);
    const payloads = entries.map((e) => JSON.stringify(e.payload));
    const dueAts = entries.map((e) => e.dueAt);
    if (this.tenant) {
      const rows = sql<{
        id: string;
        channel: string;
        dedupe_key: string;
        payload: unknown;
        due_at: Date;
        recipient: string | null;
      }>`unnest(
        ${ids}::uuid[], ${channels}::text[], ${dedupeKeys}::text[], ${payloads}::jsonb[], ${dueAts}::timestamptz[],
        ${entries.map((e) => e.recipientId ?? null)}::uuid[])`;
      return this.db
        .insertInto('outbox')
        .columns([
          'organisation_id',
          'id',
          'channel',
          'dedupe_key',
          'payload',
          'due_at',
          'recipient_membership_id',
        ])
        .expression(
          this.db
            .selectFrom(rows.as<'o'>(sql`o(id, channel, dedupe_key, payload, due_at, recipient)`))
            .select([
              currentOrganisationId.as('organisation_id'),
              'o.id',
              'o.channel',
              'o.dedupe_key',
              'o.payload',
              'o.due_at',
              'o.recipient',
            ]),
        )
        .onConflict((conflict) => conflict.columns(['organisation_id', 'channel', 'dedupe_key']).doNothing())
        .returning(['id', 'due_at'])
        .execute();
    }
    const rows = sql<{
      id: string;
      channel: string;
      dedupe_key: string;
      payload: unknown;
      due_at: Date;
    }>`unnest(
      ${ids}::uuid[], ${channels}::text[], ${dedupeKeys}::text[], ${payloads}::jsonb[], ${dueAts}::timestamptz[])`;
    return this.db
      .insertInto('account_outbox')
      .columns(['id', 'channel', 'dedupe_key', 'payload', 'due_at'])
      .expression(
        this.db
          .selectFrom(rows.as<'o'>(sql`o(id, channel, dedupe_key, payload, due_at)`))
          .select(['o.id', 'o.channel', 'o.dedupe_key', 'o.payload', 'o.due_at']),
      )
      .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
      .returning(['id', 'due_at'])
      .execute();
  }

  /** Locks the row for one delivery step, so two runs decide one after the other. */
  lock(id: string) {
    return this.db
      .selectFrom(this.table)
      .select(['id', 'channel', 'dedupe_key', 'payload', 'due_at', 'status', 'attempts', 'claimed_at'])
      .select(
        this.tenant
          ? sql<string | null>`recipient_membership_id`.as('recipient_membership_id')
          : sql<string | null>`NULL::uuid`.as('recipient_membership_id'),
      )
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /*
   * The writes of a delivery step (claim, postpone, finish, release) are read by nobody in their transaction: each
   * travels with the COMMIT (Db.defer), one round trip fewer each, and still commits or fails with the step.
   */

  /** Records that a send starts: another run leaves the row alone until the claim lapses. */
  claim(id: string, at: Date): void {
    this.db.defer(
      this.db
        .updateTable(this.table)
        .set((eb) => ({ claimed_at: at, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id),
    );
  }

  postpone(id: string, dueAt: Date): void {
    this.db.defer(
      this.db.updateTable(this.table).set({ due_at: dueAt, claimed_at: null }).where('id', '=', id),
    );
  }

  /** Delivered (or nothing left to deliver): the payload's secrets are cleared with it. */
  finish(
    id: string,
    status: 'delivered' | 'skipped' | 'failed',
    at: Date,
    error: string | null = null,
  ): void {
    this.db.defer(
      this.db
        .updateTable(this.table)
        .set((eb) => ({
          status,
          delivered_at: status === 'delivered' ? at : null,
          last_error: error,
          payload: eb.case().when('channel', '=', 'mail').then(null).else(eb.ref('payload')).end(),
        }))
        .where('id', '=', id)
        .where('status', '=', 'pending'),
    );
  }

  /** A send that failed: the claim is released at once, so the retry need not wait for it to lapse. */
  release(id: string, error: string): void {
    this.db.defer(
      this.db
        .updateTable(this.table)
        .set({ claimed_at: null, last_error: error.slice(0, 1_000) })
        .where('id', '=', id),
    );
  }

  /**
   * Pending rows that may be sent before `horizon`, with the moment each may be tried: its due time,
   * or when the claim of a send that never reported back lapses.
   */
  pending(horizon: Date, claimMs: number, limit: number) {
    return this.db
      .selectFrom(this.table)
      .select([
        'id',
        sql<Date>`greatest(due_at, coalesce(claimed_at + ${claimMs} * interval '1 millisecond', due_at))`.as(
          'ready_at',
        ),
      ])
      .where('status', '=', 'pending')
      .where('due_at', '<', horizon)
      .orderBy('due_at')
      .limit(limit)
      .execute();
  }

  /** A person's pending messages come due now again, so their new quiet hours decide when they go. */
  resetDueFor(recipientId: string, now: Date) {
    return this.db
      .updateTable('outbox')
      .set((eb) => ({ due_at: eb.fn<Date>('least', ['due_at', eb.val(now)]) }))
      .where('recipient_membership_id', '=', recipientId)
      .where('status', '=', 'pending')
      .returning(['id', 'due_at'])
      .execute();
  }

  /** Retention: deletes up to `limit` rows delivered or skipped (dated by when they were due) before `cutoff`. */
  async deleteFinished(cutoff: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom(this.table)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom(this.table)
          .select('id')
          .where('status', 'in', ['delivered', 'skipped'])
          .where(sql<Date>`coalesce(delivered_at, due_at)`, '<', cutoff)
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** For operators: rows per channel and status, and the oldest due moment of what waits. */
  countsByChannelAndStatus(now: Date) {
    return this.db
      .selectFrom(this.table)
      .select((eb) => [
        'channel',
        'status',
        eb.cast<number>(eb.fn.countAll(), 'integer').as('count'),
        eb.fn
          .min('due_at')
          .filterWhere('status', '=', 'pending')
          .filterWhere('due_at', '<=', now)
          .as('oldest'),
      ])
      .groupBy(['channel', 'status'])
      .execute();
  }
}
