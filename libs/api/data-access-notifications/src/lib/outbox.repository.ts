import { Injectable } from '@nestjs/common';
import { sql, type RawBuilder } from 'kysely';
import { currentOrganisationId, Db, keyList } from '@kaizen/api/data-access-db';

/**
 * An update joined to a list of rows (`FROM unnest(...)`) names the rows' keys too (`keyList`): with the join
 * alone the planner, whose statistics lag behind a burst, hashed the list against the organisation's whole outbox.
 */
const byKey = (ids: string[]) => sql`o.id = ANY(${keyList(ids)})`;

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

export type OutboxRow = Awaited<ReturnType<OutboxRepository['lockReady']>>[number];
export type OutboxMomentRow = Awaited<ReturnType<OutboxRepository['insertMany']>>[number];

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
    const rows = sql<{
      id: string;
      channel: string;
      dedupe_key: string;
      payload: unknown;
      due_at: Date;
      recipient: string | null;
    }>`unnest(
      ${ids}::uuid[], ${entries.map((e) => e.channel)}::text[], ${entries.map((e) => e.dedupeKey)}::text[],
      ${entries.map((e) => JSON.stringify(e.payload))}::jsonb[], ${entries.map((e) => e.dueAt)}::timestamptz[],
      ${entries.map((e) => e.recipientId ?? null)}::uuid[])`;
    // The columns both tables have; the tenant's adds its key and the recipient.
    const columns = ['id', 'channel', 'dedupe_key', 'payload', 'due_at'] as const;
    const source = this.db
      .selectFrom(rows.as<'o'>(sql`o(id, channel, dedupe_key, payload, due_at, recipient)`))
      .select(columns.map((column) => `o.${column}` as const));
    if (this.tenant) {
      return this.db
        .insertInto('outbox')
        .columns([...columns, 'organisation_id', 'recipient_membership_id'])
        .expression(source.select([currentOrganisationId.as('organisation_id'), 'o.recipient']))
        .onConflict((conflict) => conflict.columns(['organisation_id', 'channel', 'dedupe_key']).doNothing())
        .returning(['id', 'due_at'])
        .execute();
    }
    return this.db
      .insertInto('account_outbox')
      .columns(columns)
      .expression(source)
      .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
      .returning(['id', 'due_at'])
      .execute();
  }

  /**
   * Locks up to `limit` rows that may be tried now, oldest first: pending, due (and past a failed send's backoff)
   * by `dueBy`, and not claimed by a run that may still be sending (claimed before `lapsedBefore`, or never). Rows another transaction holds are
   * passed over, so runs side by side take disjoint batches.
   */
  lockReady(dueBy: Date, lapsedBefore: Date, limit: number) {
    return this.db
      .selectFrom(this.table)
      .select(['id', 'channel', 'dedupe_key', 'payload', 'due_at', 'status', 'attempts', 'claimed_at'])
      .select(
        this.tenant
          ? sql<string | null>`recipient_membership_id`.as('recipient_membership_id')
          : sql<string | null>`NULL::uuid`.as('recipient_membership_id'),
      )
      .where('status', '=', 'pending')
      .where('due_at', '<=', dueBy)
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<=', lapsedBefore)]))
      .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', dueBy)]))
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  /*
   * The writes of a delivery step (claim, postpone, finish, release) are read by nobody in their transaction: each
   * travels with the COMMIT (Db.defer), one round trip fewer each, and still commits or fails with the step. Each
   * takes a whole batch in one statement.
   */

  /** Records that sends start: another run leaves the rows alone until the claim lapses. */
  claim(ids: string[], at: Date): void {
    if (ids.length === 0) return;
    this.db.defer(
      this.db
        .updateTable(this.table)
        .set((eb) => ({ claimed_at: at, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', (eb) => eb.fn.any(keyList(ids))),
    );
  }

  /** A run still sending renews its claims, so they lapse only when the run is gone. */
  renewClaims(ids: string[], at: Date): void {
    if (ids.length === 0) return;
    this.deferRaw(
      sql`UPDATE ${sql.table(this.table)} SET claimed_at = ${at}::timestamptz
            WHERE id = ANY(${keyList(ids)}) AND claimed_at IS NOT NULL AND status <> ALL('{delivered,skipped,failed}')`,
    );
  }

  /** Each row comes due at its own moment (the end of its recipient's quiet hours). */
  postpone(rows: Array<{ id: string; dueAt: Date }>): void {
    if (rows.length === 0) return;
    const moments = sql`unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.dueAt)}::timestamptz[]) AS m(id, due_at)`;
    this.deferRaw(
      sql`UPDATE ${sql.table(this.table)} AS o SET due_at = m.due_at, claimed_at = NULL FROM ${moments}
            WHERE o.id = m.id AND ${byKey(rows.map((row) => row.id))}`,
    );
  }

  /** Claims whose send never started: released, and the attempt not counted. */
  unclaim(ids: string[]): void {
    if (ids.length === 0) return;
    this.db.defer(
      this.db
        .updateTable(this.table)
        .set((eb) => ({ claimed_at: null, attempts: eb('attempts', '-', 1) }))
        .where('id', '=', (eb) => eb.fn.any(keyList(ids))),
    );
  }

  /** Sends that failed: each claim is released at once, and the row waits for its backoff (`retry_at`). */
  retry(rows: Array<{ id: string; at: Date; error: string }>): void {
    if (rows.length === 0) return;
    const retries = sql`unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.at)}::timestamptz[],
      ${rows.map((row) => row.error.slice(0, 1_000))}::text[]) AS r(id, retry_at, error)`;
    this.deferRaw(
      sql`UPDATE ${sql.table(this.table)} AS o SET claimed_at = NULL, retry_at = r.retry_at, last_error = r.error
            FROM ${retries} WHERE o.id = r.id AND ${byKey(rows.map((row) => row.id))}`,
    );
  }

  /**
   * Delivered (or nothing left to deliver, or given up): the payload's secrets are cleared with it. Only a row still
   * pending, said as "none of the others" so the planner finds each row by its key: `status = 'pending'` would
   * let it pick a pending-only index and read every pending row when its statistics lag behind a burst.
   */
  finish(
    rows: Array<{ id: string; status: 'delivered' | 'skipped' | 'failed'; error?: string }>,
    at: Date,
  ): void {
    if (rows.length === 0) return;
    const outcomes = sql`unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.status)}::text[],
      ${rows.map((row) => row.error?.slice(0, 1_000) ?? null)}::text[]) AS f(id, status, error)`;
    this.deferRaw(
      sql`UPDATE ${sql.table(this.table)} AS o
             SET status = f.status,
                 delivered_at = CASE WHEN f.status = 'delivered' THEN ${at}::timestamptz END,
                 last_error = f.error,
                 payload = CASE WHEN o.channel = 'mail' THEN NULL ELSE o.payload END
            FROM ${outcomes} WHERE o.id = f.id AND ${byKey(rows.map((row) => row.id))}
             AND o.status <> ALL('{delivered,skipped,failed}')`,
    );
  }

  private deferRaw(query: RawBuilder<unknown>): void {
    this.db.defer({ compile: () => query.compile(this.db) });
  }

  /**
   * When a pending row may be tried: its due time, or later, when the claim of a send that never reported back
   * lapses, or when a failed send's backoff ends.
   */
  private readyAt(claimMs: number) {
    return sql<Date>`greatest(due_at, claimed_at + ${claimMs} * interval '1 millisecond', retry_at)`;
  }

  /** The distinct moments at which pending rows due before `horizon` may be tried, earliest first. */
  async readyMoments(horizon: Date, claimMs: number, limit: number): Promise<Date[]> {
    const rows = await this.db
      .selectFrom(this.table)
      .select(this.readyAt(claimMs).as('ready_at'))
      .distinct()
      .where('status', '=', 'pending')
      .where('due_at', '<', horizon)
      .orderBy('ready_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.ready_at);
  }

  /**
   * The first moment after `after` at which a pending row may be tried, if any: the next row to come due, or a row
   * already due whose claim lapses or backoff ends (few: the rest were just taken). Both by the pending index.
   */
  async nextReady(after: Date, claimMs: number): Promise<Date | null> {
    const row = await this.db
      .selectNoFrom((eb) =>
        eb
          .fn<Date | null>('least', [
            eb
              .selectFrom(this.table)
              .select((inner) => inner.fn.min<Date>('due_at').as('m'))
              .where('status', '=', 'pending')
              .where('due_at', '>', after),
            eb
              .selectFrom(this.table)
              .select((inner) => inner.fn.min<Date>(this.readyAt(claimMs)).as('m'))
              .where('status', '=', 'pending')
              .where('due_at', '<=', after)
              .where(this.readyAt(claimMs), '>', after),
          ])
          .as('ready_at'),
      )
      .executeTakeFirst();
    return row?.ready_at ?? null;
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
