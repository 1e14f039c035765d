import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { JobHandler, JobProducer } from '@kaizen/api/data-access-queue';
import type { ApplyEventPayload, RecomputePayload } from '@kaizen/shared/util-jobs';
import { RollupsService } from './rollups.service';

/** The worker's side: fold events in as they happen, and rebuild everything nightly as a check. */
@Injectable()
export class RollupsJobs {
  private readonly logger = new Logger('Rollups');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly rollups: RollupsService,
    private readonly jobs: JobProducer,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @JobHandler('rollups', 'apply-event')
  async applyEvent(payload: ApplyEventPayload): Promise<void> {
    await this.transactions.run({ organisationId: payload.organisationId }, () => this.rollups.apply(payload.eventId));
  }

  @JobHandler('rollups', 'recompute')
  async recompute(payload: RecomputePayload): Promise<void> {
    const events = await this.transactions.run({ organisationId: payload.organisationId }, () => this.rollups.recompute());
    this.logger.log({ organisationId: payload.organisationId, events }, 'roll-ups recomputed');
  }

  /** Fans out one recompute per organisation; the registry is the only cross-tenant read, and holds only ids. */
  @JobHandler('rollups', 'recompute-all')
  async recomputeAll(): Promise<void> {
    const organisations: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM organisation_registry`);
    const day = new Date().toISOString().slice(0, 10);
    for (const { id } of organisations) {
      await this.jobs.enqueue('rollups', 'recompute', { organisationId: id }, { jobId: `recompute-${id}-${day}` });
    }
  }
}
