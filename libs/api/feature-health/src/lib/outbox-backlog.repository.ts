import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface OutboxBacklog {
  /** When the longest-waiting row that is due was due, or null when nothing due waits. */
  oldestDueAt: Date | null;
  /** Rows per channel and status, over every organisation and the account outbox. */
  rows: Array<{ channel: string; status: string; count: number }>;
}

/**
 * The outbox across tenants, for operators: a platform read like the reconciler's. It enters each
 * organisation of the registry in turn inside one read-only transaction (row-level security still
 * applies: each statement sees one organisation), so it costs two round trips per organisation.
 */
@Injectable()
export class OutboxBacklogRepository {
  private last: { at: number; backlog: Promise<OutboxBacklog> } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const organisations: Array<{ id: string }> = await manager.query(`SELECT id FROM organisation_registry`);
      const counts = new Map<string, number>();
      let oldest: number | null = null;
      const add = (rows: Array<{ channel: string; status: string; count: number; oldest: Date | null }>) => {
        for (const row of rows) {
          const key = `${row.channel} ${row.status}`;
          counts.set(key, (counts.get(key) ?? 0) + row.count);
          if (row.oldest && (oldest === null || row.oldest.getTime() < oldest)) oldest = row.oldest.getTime();
        }
      };
      const statement = (table: string) =>
        `SELECT channel, status, count(*)::int AS count, min(due_at) FILTER (WHERE status = 'pending' AND due_at <= $1) AS oldest
           FROM ${table} GROUP BY channel, status`;
      add(await manager.query(statement('account_outbox'), [now]));
      for (const { id } of organisations) {
        await manager.query(`SELECT set_config('app.organisation_id', $1, true)`, [id]);
        add(await manager.query(statement('outbox'), [now]));
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
