import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { PlatformDb } from '@kaizen/api/data-access-db';

export interface OutboxBacklog {
  /** When the longest-waiting row that is due was due, or null when nothing due waits. */
  oldestDueAt: Date | null;
  /** Rows per channel and status, over every organisation and the account outbox. */
  rows: Array<{ channel: string; status: string; count: number }>;
}

/**
 * Cross-tenant sweep of the outbox, for operators: a platform read like the reconciler's. It enters each
 * organisation of the registry in turn inside one read-only transaction (row-level security still
 * applies: each statement sees one organisation), so it costs two round trips per organisation.
 */
@Injectable()
export class OutboxBacklogRepository {
  private last: { at: number; backlog: Promise<OutboxBacklog> } | null = null;

  constructor(private readonly db: PlatformDb) {}

  /** The backlog, read at most once per few seconds however often probes and scrapes ask. */
  recent(now: Date, maxAgeMs = 5_000): Promise<OutboxBacklog> {
    if (!this.last || now.getTime() - this.last.at > maxAgeMs) {
      const backlog = this.backlog(now);
      this.last = { at: now.getTime(), backlog };
      backlog.catch(() => (this.last = null));
    }
    return this.last.backlog;
  }

  async backlog(now: Date): Promise<OutboxBacklog> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const organisations = await trx.selectFrom('organisation_registry').select('id').execute();
        const counts = new Map<string, number>();
        let oldest: number | null = null;
        const add = (
          rows: Array<{ channel: string; status: string; count: number; oldest: Date | null }>,
        ) => {
          for (const row of rows) {
            const key = `${row.channel} ${row.status}`;
            counts.set(key, (counts.get(key) ?? 0) + row.count);
            if (row.oldest && (oldest === null || row.oldest.getTime() < oldest))
              oldest = row.oldest.getTime();
          }
        };
        const perChannelAndStatus = (table: 'account_outbox' | 'outbox') =>
          trx
            .selectFrom(table)
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
        add(await perChannelAndStatus('account_outbox'));
        for (const { id } of organisations) {
          await sql`SELECT set_config('app.organisation_id', ${id}, true)`.execute(trx);
          add(await perChannelAndStatus('outbox'));
        }
        return {
          oldestDueAt: oldest === null ? null : new Date(oldest),
          rows: [...counts].map(([key, count]) => {
            const [channel, status] = key.split(' ');
            return { channel, status, count };
          }),
        };
      });
  }
}
