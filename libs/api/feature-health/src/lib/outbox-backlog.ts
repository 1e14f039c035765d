import { Injectable } from '@nestjs/common';
import { PlatformDb, TenantTransactions } from '@kaizen/api/data-access-db';
import { OutboxRepository } from '@kaizen/api/data-access-notifications';

export interface OutboxBacklog {
  /** When the longest-waiting row that is due was due, or null when nothing due waits. */
  oldestDueAt: Date | null;
  /** Rows per channel and status, over every organisation and the account outbox. */
  rows: Array<{ channel: string; status: string; count: number }>;
}

/**
 * The outbox's backlog across tenants, for operators: one transaction that reads the account outbox and then
 * enters each organisation of the registry in turn (row-level security still applies: each read sees one).
 */
@Injectable()
export class OutboxBacklogReader {
  private last: { at: number; backlog: Promise<OutboxBacklog> } | null = null;

  constructor(
    private readonly platform: PlatformDb,
    private readonly transactions: TenantTransactions,
    private readonly rows: OutboxRepository,
  ) {}

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
    const organisations = await this.platform.organisationIds();
    const counts = new Map<string, number>();
    let oldest: number | null = null;
    await this.transactions.run({}, async () => {
      for (const organisationId of [undefined, ...organisations]) {
        if (organisationId) await this.transactions.enter({ organisationId });
        for (const row of await this.rows.countsByChannelAndStatus(now)) {
          const key = `${row.channel} ${row.status}`;
          counts.set(key, (counts.get(key) ?? 0) + row.count);
          if (row.oldest && (oldest === null || row.oldest.getTime() < oldest)) oldest = row.oldest.getTime();
        }
      }
    });
    return {
      oldestDueAt: oldest === null ? null : new Date(oldest),
      rows: [...counts].map(([key, count]) => {
        const [channel, status] = key.split(' ');
        return { channel, status, count };
      }),
    };
  }
}
