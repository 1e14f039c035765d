import { Inject, Injectable, Logger } from '@nestjs/common';
import { PlatformDb, TenantTransactions } from '@kaizen/api/data-access-db';
import { OutboxRepository } from '@kaizen/api/data-access-notifications';
import { JobHandler } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';

/** Rows deleted per statement: each batch is a short transaction that holds few locks. */
export const RETENTION_BATCH = 5_000;
const DAY_MS = 86_400_000;

/** Keeps the outbox small: rows delivered or skipped longer ago than OUTBOX_RETENTION_DAYS are deleted. */
@Injectable()
export class OutboxRetentionJobs {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly platform: PlatformDb,
    private readonly rows: OutboxRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler('outbox', 'retention-sweep')
  async sweep(): Promise<void> {
    await this.deleteFinished();
  }

  /**
   * The account outbox, then each organisation's, in batches until fewer than a batch are left. Each batch is
   * a short tenant transaction of its own, so the sweep holds few locks and row-level security still applies.
   */
  async deleteFinished(batch = RETENTION_BATCH): Promise<{ deleted: number }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.OUTBOX_RETENTION_DAYS * DAY_MS);
    let deleted = 0;
    for (const organisationId of [undefined, ...(await this.platform.organisationIds())]) {
      for (;;) {
        const count = await this.transactions.run({ organisationId }, () =>
          this.rows.deleteFinished(cutoff, batch),
        );
        deleted += count;
        if (count < batch) break;
      }
    }
    this.logger.log({ deleted, cutoff }, 'outbox retention sweep');
    return { deleted };
  }
}
