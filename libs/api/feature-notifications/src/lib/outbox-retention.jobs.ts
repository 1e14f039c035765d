import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { OutboxRetentionRepository } from './outbox-retention.repository';

/** Rows deleted per statement: each batch is a short transaction that holds few locks. */
export const RETENTION_BATCH = 5_000;
const DAY_MS = 86_400_000;

/** Keeps the outbox small: rows delivered or skipped longer ago than OUTBOX_RETENTION_DAYS are deleted. */
@Injectable()
export class OutboxRetentionJobs {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly retention: OutboxRetentionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler('outbox', 'retention-sweep')
  async sweep(): Promise<void> {
    await this.deleteFinished();
  }

  /** The account outbox, then each organisation's, in batches until fewer than a batch are left. */
  async deleteFinished(batch = RETENTION_BATCH): Promise<{ deleted: number }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.OUTBOX_RETENTION_DAYS * DAY_MS);
    let deleted = 0;
    for (const organisationId of [null, ...(await this.retention.organisations())]) {
      for (;;) {
        const count = await this.retention.deleteFinished(organisationId, cutoff, batch);
        deleted += count;
        if (count < batch) break;
      }
    }
    this.logger.log({ deleted, cutoff }, 'outbox retention sweep');
    return { deleted };
  }
}
